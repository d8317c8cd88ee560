package com.recoverylab.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.web.Json;
import com.recoverylab.web.Messages;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Base of the sandbox's machine-facing endpoints: refusals become JSON, not HTML pages. */
abstract class ServiceServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ServiceServlet.class);
  private static final int MAX_BODY = 64 * 1024;
  private final transient Messages messages;

  ServiceServlet(Messages messages) {
    this.messages = messages;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    try {
      super.service(request, response);
    } catch (ServiceError e) {
      log.warn(
          "event=sandbox_service_refused status={} reason={} path={}",
          e.status(),
          e.getMessage(),
          request.getRequestURI());
      drainBody(request);
      response.resetBuffer();
      response.setStatus(e.status());
      if (e.status() == 401) {
        // RFC 6750 3: a refused bearer token is answered with a challenge
        response.setHeader(
            "WWW-Authenticate", "Bearer realm=\"sandbox\", error=\"" + e.error() + "\"");
      }
      response.setContentType("application/json");
      response.setHeader("Cache-Control", "no-store");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", e.error());
      body.put("error_description", messages.text(request.getLocale(), e.messageKey(), e.args()));
      Json.write(response, body);
    }
  }

  /**
   * Reads what is left of a refused request's body, so the client's connection stays usable for its
   * next call instead of being closed under it.
   */
  private static void drainBody(HttpServletRequest request) {
    try {
      request.getInputStream().readNBytes(MAX_BODY);
    } catch (IOException | IllegalStateException e) {
      // the body was read as characters already, or the client went away: nothing to drain
    }
  }

  /** The request body as JSON, refusing other media types and oversized bodies. */
  static JsonNode jsonBody(HttpServletRequest request, String mediaType) throws IOException {
    String contentType = request.getContentType();
    if (contentType == null
        || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(mediaType)) {
      throw new ServiceError(
          415,
          "invalid_request",
          "sandbox.service.mediaType",
          String.valueOf(contentType),
          mediaType);
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new ServiceError(413, "invalid_request", "sandbox.service.tooLarge");
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw ServiceError.badRequest("sandbox.service.notObject");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ServiceError.badRequest("sandbox.service.badJson", e.getOriginalMessage());
    }
  }

  static void writeJson(HttpServletResponse response, int status, String mediaType, Object body)
      throws IOException {
    response.setStatus(status);
    response.setContentType(mediaType);
    Json.write(response, body);
  }
}
