package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.lti.services.Membership;
import com.recoverylab.lti.services.NrpsClient;
import com.recoverylab.lti.services.PlatformHttp;
import com.recoverylab.testing.Answer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.NrpsService;
import com.recoverylab.testing.NrpsService.Member;
import com.recoverylab.testing.Received;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NrpsClientTest {
  private FakePlatform platform;
  private NrpsService nrps;
  private String token;
  private final NrpsClient client =
      new NrpsClient(
          new PlatformHttp(java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(5)));

  @BeforeEach
  void start() {
    platform = FakePlatform.start();
    nrps = platform.nrps();
    token = platform.tokens().grantDirectly();
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  @Test
  void follows_next_links_and_expands_short_roles() throws Exception {
    nrps.pageSize(2)
        .add(
            new Member("u1", "Ana", null, null, "Active", List.of("Learner"), List.of("g-blue")),
            new Member(
                "t1",
                null,
                "Tess",
                "Teacher",
                "Active",
                List.of("Instructor", "Instructor#TeachingAssistant"),
                List.of()),
            new Member(
                "u2",
                "Ben",
                null,
                null,
                "Inactive",
                List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"),
                List.of()));
    List<Membership> members = client.members(nrps.membershipsUrl(), () -> token);

    assertEquals(List.of("u1", "t1", "u2"), members.stream().map(Membership::userId).toList());
    assertTrue(members.get(0).isLearner());
    assertEquals(List.of("g-blue"), members.get(0).groupIds());
    assertTrue(members.get(1).isInstructor());
    assertEquals("Tess Teacher", members.get(1).displayName());
    assertEquals(
        "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
        members.get(1).roles().get(1));
    assertTrue(members.get(2).isLearner());
    assertFalse(members.get(2).isActive());
    assertEquals(2, nrps.received().size(), "two pages");
    for (Received request : nrps.received()) {
      assertEquals("Bearer " + token, request.header("Authorization"));
      assertEquals(NrpsClient.MEDIA_TYPE, request.header("Accept"));
    }
  }

  @Test
  void a_next_link_to_another_host_is_not_followed_with_the_token() {
    nrps.enqueue(
        Answer.status(
            200,
            nrps.container(List.of()),
            Map.of(
                "Content-Type",
                NrpsService.MEDIA_TYPE,
                "Link",
                "<https://elsewhere.example/steal>; rel=\"next\"")));
    NrpsClient.NrpsException e =
        assertThrows(
            NrpsClient.NrpsException.class,
            () -> client.members(nrps.membershipsUrl(), () -> token));
    assertTrue(e.getMessage().contains("elsewhere.example"), e.getMessage());
    assertEquals(1, nrps.received().size());
  }

  @Test
  void a_refusal_keeps_the_platforms_status() {
    nrps.enqueue(Answer.status(403, "{}"));
    NrpsClient.NrpsException e =
        assertThrows(
            NrpsClient.NrpsException.class,
            () -> client.members(nrps.membershipsUrl(), () -> token));
    assertEquals(403, e.status());
  }

  @Test
  void a_page_that_is_not_a_membership_container_is_an_error() {
    nrps.enqueue(Answer.status(200, "<html>login</html>", Map.of("Content-Type", "text/html")));
    assertThrows(
        NrpsClient.NrpsException.class, () -> client.members(nrps.membershipsUrl(), () -> token));
  }
}
