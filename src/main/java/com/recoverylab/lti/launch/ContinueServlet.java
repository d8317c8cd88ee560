package com.recoverylab.lti.launch;

import static com.recoverylab.lti.launch.LaunchRejection.reject;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /lti/continue}: the first-party window a launch page opened redeems its one-time
 * ticket and goes on to the launch's page. Posted rather than linked, so the ticket stays out of
 * the address bar, history and logs.
 */
final class ContinueServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String TICKET = "ticket";

  private final transient LaunchTickets tickets;

  ContinueServlet(LaunchTickets tickets) {
    this.tickets = tickets;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    throw reject(400, "lti.continue.notPosted", "GET /lti/continue");
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    String destination =
        tickets
            .redeem(request.getParameter(TICKET))
            .orElseThrow(
                () ->
                    reject(400, "lti.continue.invalid", "unknown, expired or used launch ticket"));
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", destination);
  }
}
