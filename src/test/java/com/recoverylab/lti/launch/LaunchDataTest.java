package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchDataTest {

  @Test
  void what_a_launch_keeps_reads_back_the_same() {
    LaunchData data =
        new LaunchData(
            "LtiDeepLinkingRequest",
            true,
            "1",
            "https://lms/memberships",
            "https://lms/lineitems?type_id=1",
            new LaunchData.DeepLinkingRequest(
                "https://lms/return",
                List.of("ltiResourceLink"),
                true,
                false,
                Map.of("token", "abc"),
                "Pick",
                null),
            new LaunchData.BasicOutcome("https://lms/outcomes", "src-1"),
            "user-9",
            "https://lms/back",
            "iframe",
            null);
    assertEquals(data, LaunchData.fromJson(data.toJson()));
  }

  @Test
  void sessions_stored_before_the_type_existed_read_the_same() {
    // the form LaunchMessage wrote as raw keys, with the claims as the platform sent them
    String old =
        "{\"message_type\":\"LtiDeepLinkingRequest\",\"grade_service\":false,\"deployment_id\":\"1\","
            + "\"context_memberships_url\":\"https://lms/memberships\",\"ags_lineitems_url\":\"https://lms/items\","
            + "\"deep_linking_settings\":{\"deep_link_return_url\":\"https://lms/return\",\"accept_types\":"
            + "[\"ltiResourceLink\",\"file\"],\"accept_presentation_document_targets\":[\"iframe\"],"
            + "\"accept_multiple\":true,\"auto_create\":false,\"data\":\"opaque\"},"
            + "\"for_user\":{\"user_id\":\"42\",\"given_name\":\"Sam\"},"
            + "\"basic_outcome\":{\"lis_outcome_service_url\":\"https://lms/service.php\",\"lis_result_sourcedid\":\"s\"},"
            + "\"return_url\":\"https://lms/back\",\"document_target\":\"window\"}";
    LaunchData data = LaunchData.fromJson(old);
    assertFalse(data.sendsGrades());
    assertEquals(Optional.of("1"), data.deployment());
    assertEquals(Optional.of("https://lms/memberships"), data.memberships());
    assertEquals("https://lms/items", data.lineItemsUrl());
    LaunchData.DeepLinkingRequest request = data.deepLinkingRequest().orElseThrow();
    assertEquals("https://lms/return", request.returnUrl());
    assertEquals(List.of("ltiResourceLink", "file"), request.acceptTypes());
    assertEquals(Boolean.TRUE, request.acceptMultiple());
    assertNull(request.acceptLineItem(), "not said: the claim's default applies");
    assertEquals("opaque", request.data());
    assertEquals("42", data.forUserId());
    assertEquals("https://lms/service.php", data.basicOutcome().serviceUrl());
    assertEquals("window", data.documentTarget());
  }

  @Test
  void an_lti_11_session_without_an_outcome_address_sends_no_grade() {
    assertFalse(
        LaunchData.fromJson("{\"lti_version\":\"1.1\",\"grade_service\":false}").sendsGrades());
    assertFalse(LaunchData.fromJson("{\"grade_service\":\"false\"}").sendsGrades());
  }

  @Test
  void data_that_does_not_say_sends_grades_and_offers_no_services() {
    for (String stored :
        new String[] {"{}", "", null, "not json", "[1,2]", "{\"deployment_id\":\"\"}"}) {
      LaunchData data = LaunchData.fromJson(stored);
      assertTrue(data.sendsGrades(), stored);
      assertTrue(data.deepLinkingRequest().isEmpty(), stored);
      assertTrue(data.memberships().isEmpty(), stored);
    }
    assertEquals("{}", LaunchData.NONE.toJson());
  }
}
