package com.recoverylab.lti.launch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Whether a URL belongs to this tool: same scheme, host and port as PUBLIC_URL. */
final class ToolOrigin {
  private ToolOrigin() {}

  static boolean sameOrigin(URI tool, String candidate) {
    if (candidate == null) {
      return false;
    }
    try {
      URI uri = new URI(candidate.trim());
      return uri.isAbsolute()
          && uri.getRawUserInfo() == null
          && uri.getHost() != null
          && tool.getScheme().equalsIgnoreCase(uri.getScheme())
          && tool.getHost().toLowerCase(Locale.ROOT).equals(uri.getHost().toLowerCase(Locale.ROOT))
          && port(tool) == port(uri);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static String origin(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme())
        ? 443
        : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
  }
}
