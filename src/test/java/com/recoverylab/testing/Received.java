package com.recoverylab.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as the test platform saw it, for assertions: {@code uri} is absolute (with the
 * query), {@code path} and {@code query} are its parts, header names are matched case-blind.
 */
public record Received(
    String method,
    String uri,
    String path,
    String query,
    Map<String, List<String>> headers,
    String body,
    Instant at) {
  public Received {
    headers = Map.copyOf(headers);
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .findFirst()
        .map(e -> e.getValue().get(0))
        .orElse(null);
  }

  public String contentType() {
    return header("Content-Type");
  }

  public String authorization() {
    return header("Authorization");
  }

  /** The body read as an application/x-www-form-urlencoded form. */
  public Map<String, String> form() {
    return decode(body);
  }

  /** Decodes an application/x-www-form-urlencoded text (a form body or a URL's raw query). */
  public static Map<String, String> decode(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isBlank()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.put(name, value);
    }
    return values;
  }
}
