package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.lti.services.Membership;
import com.recoverylab.lti.services.NrpsClient;
import com.recoverylab.lti.services.PlatformHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NrpsClientTest {
  private FakePlatform platform;
  private final NrpsClient client = new NrpsClient(new PlatformHttp(java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(5)));

  @BeforeEach
  void start() throws Exception {
    platform = new FakePlatform();
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  static FakePlatform.Answer page(String members, String link) {
    return new FakePlatform.Answer(200, NrpsClient.MEDIA_TYPE,
        "{\"id\":\"x\",\"context\":{\"id\":\"c1\"},\"members\":[" + members + "]}",
        link == null ? Map.of() : Map.of("Link", link));
  }

  @Test
  void follows_next_links_and_expands_short_roles() throws Exception {
    platform.on("/memberships", request -> {
      if (request.query() == null) {
        return page("{\"user_id\":\"u1\",\"name\":\"Ana\",\"status\":\"Active\",\"roles\":[\"Learner\"],"
            + "\"group_enrollments\":[{\"group_id\":\"g-blue\"}]},"
            + "{\"user_id\":\"t1\",\"given_name\":\"Tess\",\"family_name\":\"Teacher\",\"roles\":[\"Instructor\","
            + "\"Instructor#TeachingAssistant\"]}", "</memberships?page=2>; rel=\"next\", </memberships>; rel=\"first\"");
      }
      return page("{\"user_id\":\"u2\",\"name\":\"Ben\",\"status\":\"Inactive\",\"roles\":"
          + "[\"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner\"]}", null);
    });
    List<Membership> members = client.members(platform.url("/memberships"), () -> "token-1");

    assertEquals(List.of("u1", "t1", "u2"), members.stream().map(Membership::userId).toList());
    assertTrue(members.get(0).isLearner());
    assertEquals(List.of("g-blue"), members.get(0).groupIds());
    assertTrue(members.get(1).isInstructor());
    assertEquals("Tess Teacher", members.get(1).displayName());
    assertEquals("http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
        members.get(1).roles().get(1));
    assertTrue(members.get(2).isLearner());
    assertFalse(members.get(2).isActive());
    assertEquals(2, platform.all.size());
    for (FakePlatform.Received request : platform.all) {
      assertEquals("Bearer token-1", request.header("Authorization"));
      assertEquals(NrpsClient.MEDIA_TYPE, request.header("Accept"));
    }
  }

  @Test
  void a_next_link_to_another_host_is_not_followed_with_the_token() {
    platform.on("/memberships", request -> page("", "<https://elsewhere.example/steal>; rel=\"next\""));
    NrpsClient.NrpsException e = assertThrows(NrpsClient.NrpsException.class,
        () -> client.members(platform.url("/memberships"), () -> "token-1"));
    assertTrue(e.getMessage().contains("elsewhere.example"), e.getMessage());
    assertEquals(1, platform.all.size());
  }

  @Test
  void a_refusal_keeps_the_platforms_status() {
    platform.on("/memberships", request -> new FakePlatform.Answer(403, "application/json", "{}", Map.of()));
    NrpsClient.NrpsException e = assertThrows(NrpsClient.NrpsException.class,
        () -> client.members(platform.url("/memberships"), () -> "token-1"));
    assertEquals(403, e.status());
  }

  @Test
  void a_page_that_is_not_a_membership_container_is_an_error() {
    platform.on("/memberships", request -> new FakePlatform.Answer(200, "text/html", "<html>login</html>", Map.of()));
    assertThrows(NrpsClient.NrpsException.class, () -> client.members(platform.url("/memberships"), () -> "token-1"));
  }
}
