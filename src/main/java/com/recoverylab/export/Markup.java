package com.recoverylab.export;

import java.util.regex.Pattern;

/** Text and HTML as the exports carry them: escaped, on one line, without links into the tool. */
final class Markup {
  // the Markdown renderer writes lesson links as href="/lessons/id#anchor"; they need a launch
  private static final Pattern TOOL_LINK =
      Pattern.compile("<a href=\"/lessons/[^\"]*\"[^>]*>(.*?)</a>", Pattern.DOTALL);
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

  private Markup() {}

  /** Plain text as HTML. */
  static String html(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A rendered prompt with links into the tool's lesson pages reduced to their text (outside the
   * tool they lead nowhere) and line breaks folded into spaces (HTML does not see them).
   */
  static String prompt(String renderedHtml) {
    return oneLine(TOOL_LINK.matcher(renderedHtml).replaceAll("$1"));
  }

  /** Line breaks folded into single spaces, ends trimmed. */
  static String oneLine(String text) {
    return LINE_BREAKS.matcher(text).replaceAll(" ").trim();
  }
}
