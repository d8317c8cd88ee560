package com.recoverylab.lti.legacy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a HMAC-SHA1 written from RFC 5849 for tests, independent of the net.oauth code the tool
 * uses, so a test signs and checks requests the way another implementation would.
 */
final class Rfc5849 {
  private Rfc5849() {}

  /** RFC 5849 3.6: percent-encode everything but ALPHA, DIGIT, '-', '.', '_' and '~'. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /**
   * RFC 5849 3.4.1: method, base string URI and normalized parameters (without oauth_signature).
   */
  static String baseString(String method, String url, Map<String, String> params) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String base =
        scheme
            + "://"
            + uri.getHost().toLowerCase(Locale.ROOT)
            + (defaultPort ? "" : ":" + port)
            + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    List<String[]> pairs = new ArrayList<>();
    params.forEach(
        (name, value) -> {
          if (!name.equals("oauth_signature")) {
            pairs.add(new String[] {encode(name), encode(value)});
          }
        });
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        pairs.add(new String[] {encode(decode(kv[0])), encode(kv.length > 1 ? decode(kv[1]) : "")});
      }
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    String normalized = pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    return method.toUpperCase(Locale.ROOT) + "&" + encode(base) + "&" + encode(normalized);
  }

  /** RFC 5849 3.4.2: HMAC-SHA1 keyed with the encoded secret and an empty token secret. */
  static String signature(String method, String url, Map<String, String> params, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(
          new SecretKeySpec((encode(secret) + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      byte[] digest = mac.doFinal(baseString(method, url, params).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The parameters with the oauth_* ones added and signed, as a platform would post them. */
  static Map<String, String> sign(
      Map<String, String> launch,
      String url,
      String key,
      String secret,
      long timestamp,
      String nonce) {
    Map<String, String> params = new LinkedHashMap<>(launch);
    params.put("oauth_consumer_key", key);
    params.put("oauth_signature_method", "HMAC-SHA1");
    params.put("oauth_timestamp", Long.toString(timestamp));
    params.put("oauth_nonce", nonce);
    params.put("oauth_version", "1.0");
    params.put("oauth_signature", signature("POST", url, params, secret));
    return params;
  }

  /** RFC 5849 3.5.1: the parameters of an {@code Authorization: OAuth ...} header, decoded. */
  static Map<String, String> authorizationParameters(String header) {
    if (header == null || !header.startsWith("OAuth ")) {
      throw new IllegalArgumentException("not an OAuth Authorization header: " + header);
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String part : header.substring(6).split(",")) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      int equals = item.indexOf('=');
      String name = decode(item.substring(0, equals));
      String value = item.substring(equals + 1);
      if (value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (!name.equals("realm")) {
        params.put(name, decode(value));
      }
    }
    return params;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
