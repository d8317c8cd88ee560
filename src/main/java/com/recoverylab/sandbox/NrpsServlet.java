package com.recoverylab.sandbox;

import com.recoverylab.lti.LtiClaims;
import com.recoverylab.web.Messages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /sandbox/nrps/{course}/memberships}: Names and Role Provisioning Services 2.0 for the demo
 * course. Roles come in the short form Moodle uses; {@code limit} pages the list with a {@code
 * Link: <...>; rel="next"} header, and {@code from} is where a page starts (Moodle's names).
 */
final class NrpsServlet extends ServiceServlet {
  private static final long serialVersionUID = 1L;
  static final String MEMBERSHIP_CONTAINER =
      "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
  private final transient ServiceAccess access;
  private final transient CourseRepository course;
  private final transient SandboxUrls urls;

  NrpsServlet(Messages messages, ServiceAccess access, CourseRepository course, SandboxUrls urls) {
    super(messages);
    this.access = access;
    this.course = course;
    this.urls = urls;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    if (!path.equals("/" + SandboxCourse.ID + "/memberships")) {
      throw ServiceError.notFound("sandbox.nrps.noCourse");
    }
    access.require(request, LtiClaims.SCOPE_MEMBERSHIPS);
    List<SandboxUser> members = new ArrayList<>(course.users());
    // NRPS 2.4.1: a role filter keeps members holding that role (short or full form)
    String role = request.getParameter("role");
    if (role != null && !role.isBlank()) {
      members.removeIf(user -> !role.equals(user.shortRole()) && !role.equals(user.roleUri()));
    }
    int from = request.getParameter("from") == null ? 0 : nonNegative(request.getParameter("from"));
    int limit = AgsServlet.positive(request.getParameter("limit"), Math.max(members.size(), 1));
    List<SandboxUser> page =
        members.subList(Math.min(from, members.size()), Math.min(from + limit, members.size()));
    // NRPS 2.4.2: more members than this page holds → a Link header to the next page
    if (from + limit < members.size()) {
      String next =
          urls.memberships()
              + "?limit="
              + limit
              + "&from="
              + (from + limit)
              + (role == null || role.isBlank()
                  ? ""
                  : "&role="
                      + java.net.URLEncoder.encode(role, java.nio.charset.StandardCharsets.UTF_8));
      response.setHeader("Link", "<" + next + ">; rel=\"next\"");
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("id", SandboxCourse.ID);
    context.put("label", SandboxCourse.LABEL);
    context.put("title", SandboxCourse.TITLE);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "id",
        urls.memberships()
            + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
    body.put("context", context);
    body.put("members", page.stream().map(NrpsServlet::member).toList());
    writeJson(response, 200, MEMBERSHIP_CONTAINER, body);
  }

  private static Map<String, Object> member(SandboxUser user) {
    Map<String, Object> member = new LinkedHashMap<>();
    member.put("status", "Active");
    member.put("name", user.name());
    member.put("given_name", user.givenName());
    member.put("family_name", user.familyName());
    member.put("email", user.email());
    member.put("user_id", user.id());
    member.put("roles", List.of(user.shortRole()));
    return member;
  }

  private static int nonNegative(String value) {
    if (!value.matches("\\d{1,6}")) {
      throw ServiceError.badRequest("sandbox.service.from", value);
    }
    return Integer.parseInt(value);
  }
}
