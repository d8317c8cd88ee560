package com.recoverylab.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Names and Role Provisioning Services 2.0 as Moodle serves it: the course roster at the {@code
 * context_memberships_url} of launches, roles in short form ({@code Learner}), pages linked with
 * {@code Link: <...>; rel="next"}, a bearer token from the token endpoint required. Answers can be
 * scripted ahead; every request is recorded.
 */
public final class NrpsService {
  public static final String MEDIA_TYPE =
      "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One course member; null names are left out, roles in Moodle's short form or as full URIs. */
  public record Member(
      String userId,
      String name,
      String givenName,
      String familyName,
      String status,
      List<String> roles,
      List<String> groupIds) {
    public Member {
      roles = List.copyOf(roles);
      groupIds = List.copyOf(groupIds);
    }

    /** An active member with a full name, one role and at most one group. */
    public static Member of(String userId, String name, String role, String groupId) {
      return new Member(
          userId,
          name,
          null,
          null,
          "Active",
          List.of(role),
          groupId == null ? List.of() : List.of(groupId));
    }
  }

  private final String url;
  private final TokenEndpoint tokens;
  private final List<Member> members = Collections.synchronizedList(new ArrayList<>());
  private volatile int pageSize;
  private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
  private volatile Answer always;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

  NrpsService(String url, TokenEndpoint tokens) {
    this.url = url;
    this.tokens = tokens;
  }

  /** The context_memberships_url launches carry. */
  public String membershipsUrl() {
    return url;
  }

  public NrpsService add(Member... more) {
    members.addAll(Arrays.asList(more));
    return this;
  }

  /** Serves the roster in pages of this many members (0: one page). */
  public NrpsService pageSize(int size) {
    this.pageSize = size;
    return this;
  }

  /** Answers for the next requests, in order; then the roster is served. */
  public void enqueue(Answer... answers) {
    script.addAll(Arrays.asList(answers));
  }

  /** Answers every request this way from now on (null: serve the roster again). */
  public void answerAlways(Answer answer) {
    this.always = answer;
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** A membership container body as Moodle writes it, for scripted answers. */
  public String container(List<Member> page) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", url);
    ObjectNode context = body.putObject("context");
    context.put("id", "2");
    context.put("label", "RUN101");
    context.put("title", "Running well");
    ArrayNode list = body.putArray("members");
    for (Member member : page) {
      ObjectNode node = list.addObject();
      node.put("status", member.status());
      if (member.name() != null) {
        node.put("name", member.name());
      }
      if (member.givenName() != null) {
        node.put("given_name", member.givenName());
      }
      if (member.familyName() != null) {
        node.put("family_name", member.familyName());
      }
      node.put("user_id", member.userId());
      member.roles().forEach(node.putArray("roles")::add);
      if (!member.groupIds().isEmpty()) {
        ArrayNode groups = node.putArray("group_enrollments");
        member.groupIds().forEach(id -> groups.addObject().put("group_id", id));
      }
    }
    return body.toString();
  }

  void handle(HttpExchange exchange, Received request) throws IOException {
    received.add(request);
    Answer scripted = script.poll();
    if (scripted == null) {
      scripted = always;
    }
    if (scripted != null && scripted.scripted()) {
      Exchanges.send(exchange, scripted);
      return;
    }
    if (!tokens.authorized(request)) {
      Exchanges.send(exchange, 401, "{\"error\":\"invalid_token\"}", Map.of());
      return;
    }
    List<Member> all;
    synchronized (members) {
      all = List.copyOf(members);
    }
    int page = Integer.parseInt(Received.decode(request.query()).getOrDefault("page", "1"));
    int size = pageSize > 0 ? pageSize : Math.max(1, all.size());
    int from = Math.min(all.size(), (page - 1) * size);
    int to = Math.min(all.size(), from + size);
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Type", MEDIA_TYPE);
    if (to < all.size()) {
      String path = request.path();
      headers.put("Link", "<" + path + "?page=" + (page + 1) + ">; rel=\"next\"");
    }
    Exchanges.send(exchange, 200, container(all.subList(from, to)), headers);
  }
}
