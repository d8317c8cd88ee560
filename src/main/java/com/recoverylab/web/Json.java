package com.recoverylab.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The shared Jackson mapper (thread-safe once configured) and JSON responses. */
public final class Json {
  /** One mapper for the whole tool; ISO-8601 dates. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Json() {}

  public static void write(HttpServletResponse response, Object body) throws IOException {
    if (response.getContentType() == null) {
      response.setContentType("application/json");
    }
    response.setCharacterEncoding("UTF-8");
    MAPPER.writeValue(response.getWriter(), body);
  }
}
