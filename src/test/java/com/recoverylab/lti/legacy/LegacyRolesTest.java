package com.recoverylab.lti.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.web.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyRolesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Instructor",
        "TeachingAssistant",
        "ContentDeveloper",
        "Administrator",
        "instructor",
        "urn:lti:role:ims/lis/Instructor",
        "urn:lti:role:ims/lis/Instructor/PrimaryInstructor",
        "urn:lti:role:ims/lis/TeachingAssistant/Grader",
        "urn:lti:role:ims/lis/ContentDeveloper",
        "urn:lti:instrole:ims/lis/Administrator",
        "urn:lti:sysrole:ims/lis/Administrator",
        "Learner,Instructor",
        "Learner, urn:lti:role:ims/lis/TeachingAssistant",
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
      })
  void teaching_roles_in_every_form_map_to_instructor(String roles) {
    assertEquals(Role.INSTRUCTOR, LegacyRoles.map(roles));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Learner",
        "Student",
        "urn:lti:role:ims/lis/Learner",
        "urn:lti:role:ims/lis/Learner/NonCreditLearner",
        "urn:lti:instrole:ims/lis/Student",
        "Mentor",
        "Guest",
        "Observer",
        "SomethingNew",
        "urn:lti:role:ims/lis/Instructorish",
        "urn:lti:instrole:ims/lis/Instructor",
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
      })
  void learner_unknown_and_institution_teaching_roles_map_to_learner(String roles) {
    assertEquals(Role.LEARNER, LegacyRoles.map(roles));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void no_roles_means_learner(String roles) {
    assertEquals(Role.LEARNER, LegacyRoles.map(roles));
  }

  @ParameterizedTest
  @CsvSource({
    "urn:lti:role:ims/lis/TeachingAssistant/TeachingAssistantSection, TeachingAssistant",
    "urn:lti:sysrole:ims/lis/SysAdmin, SysAdmin",
    "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant, TeachingAssistant",
    "Learner, Learner",
  })
  void sub_roles_belong_to_their_main_role(String role, String lisRole) {
    assertEquals(lisRole, LegacyRoles.lisRole(role));
  }
}
