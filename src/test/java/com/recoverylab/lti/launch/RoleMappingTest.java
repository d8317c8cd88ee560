package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.web.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleMappingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor, INSTRUCTOR",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#TeachingAssistant, INSTRUCTOR",
    "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant, INSTRUCTOR",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper, INSTRUCTOR",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator, INSTRUCTOR",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator, INSTRUCTOR",
    "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator, INSTRUCTOR",
    "Instructor, INSTRUCTOR",
    "TeachingAssistant, INSTRUCTOR",
    "ContentDeveloper, INSTRUCTOR",
    "Administrator, INSTRUCTOR",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner, LEARNER",
    "Learner, LEARNER",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor, LEARNER",
    "http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#NonCreditLearner, LEARNER",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor, LEARNER",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student, LEARNER",
    "https://example.edu/roles#Instructor, LEARNER",
    "SomethingNew, LEARNER"
  })
  void maps_each_role(String role, Role expected) {
    assertEquals(expected, RoleMapping.map(List.of(role)));
  }

  @ParameterizedTest(name = "learner plus {0} teaches")
  @CsvSource({"http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor", "Administrator"})
  void any_teaching_role_wins_over_learner(String role) {
    assertEquals(
        Role.INSTRUCTOR,
        RoleMapping.map(
            List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner", role)));
  }

  @Test
  void no_roles_is_a_learner() {
    assertEquals(Role.LEARNER, RoleMapping.map(List.of()));
    assertEquals(Role.LEARNER, RoleMapping.map(null));
  }
}
