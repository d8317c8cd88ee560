package com.recoverylab.lti.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgsClientTest {

  @Test
  void scores_go_into_the_path_and_the_query_stays() {
    assertEquals(
        "https://lms/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1",
        AgsClient.scoresUrl("https://lms/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1"));
    assertEquals(
        "https://lms/api/lti/courses/5/line_items/2/scores",
        AgsClient.scoresUrl("https://lms/api/lti/courses/5/line_items/2"));
    assertEquals(
        "https://lms/items/2/scores?a=1&b=2", AgsClient.scoresUrl("https://lms/items/2/?a=1&b=2"));
    assertEquals("https://lms/items/2/scores", AgsClient.scoresUrl("https://lms/items/2//#top"));
  }

  @Test
  void lookup_filter_is_added_to_an_existing_query_with_an_ampersand() {
    assertEquals(
        "https://lms/lineitems?type_id=1&resource_link_id=link%201",
        AgsClient.withQueryParameter(
            "https://lms/lineitems?type_id=1", "resource_link_id", "link 1"));
    assertEquals(
        "https://lms/lineitems?resource_link_id=7",
        AgsClient.withQueryParameter("https://lms/lineitems", "resource_link_id", "7"));
  }

  @Test
  void score_body_is_final_with_a_millisecond_timestamp_and_no_empty_comment() {
    Instant at = Instant.parse("2026-11-03T10:15:30.120Z");
    assertEquals(
        "{\"userId\":\"u-7\",\"scoreGiven\":7.5,\"scoreMaximum\":10.0,\"activityProgress\":\"Completed\","
            + "\"gradingProgress\":\"FullyGraded\",\"timestamp\":\"2026-11-03T10:15:30.120Z\"}",
        AgsClient.scoreJson(new AgsClient.Score("u-7", 7.5, 10, "", at)));
    assertEquals(
        "{\"userId\":\"u-7\",\"scoreGiven\":0.0,\"scoreMaximum\":10.0,\"activityProgress\":\"Completed\","
            + "\"gradingProgress\":\"FullyGraded\",\"timestamp\":\"2026-11-03T10:15:30.000Z\",\"comment\":\"Rest first\"}",
        AgsClient.scoreJson(
            new AgsClient.Score(
                "u-7", 0, 10, "Rest first", Instant.parse("2026-11-03T10:15:30Z"))));
  }
}
