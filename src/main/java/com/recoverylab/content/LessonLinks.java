package com.recoverylab.content;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns lesson references into tool URLs that carry the launch session. Lesson and prompt HTML is
 * rendered once at load time, when no session exists, so its lesson links read {@code
 * /lessons/id#anchor} and pages add the session when they show it.
 */
public final class LessonLinks {
  // matches only hrefs the Markdown renderer wrote for lesson links; lesson ids are [a-z0-9-]
  private static final Pattern LESSON_HREF =
      Pattern.compile("href=\"/lessons/([a-z0-9-]+)(#[^\"]*)?\"");

  private LessonLinks() {}

  /** Rendered lesson or prompt HTML with {@code ?s=<session>} added to every lesson link. */
  public static String withSession(String html, String sessionId) {
    if (!html.contains("href=\"/lessons/")) {
      return html; // most prompts link nowhere: no matcher, no copy
    }
    Matcher matcher = LESSON_HREF.matcher(html);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String anchor = matcher.group(2) == null ? "" : matcher.group(2);
      matcher.appendReplacement(
          out,
          Matcher.quoteReplacement(
              "href=\"/lessons/" + matcher.group(1) + "?s=" + sessionId + anchor + "\""));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * The URL for a content link ({@code lesson-id} or {@code lesson-id#anchor}, as in a quiz's
   * {@code link} field or a misconception's), carrying the session.
   */
  public static String href(String link, String sessionId) {
    int hash = link.indexOf('#');
    String lesson = hash < 0 ? link : link.substring(0, hash);
    String anchor = hash < 0 ? "" : link.substring(hash);
    return "/lessons/" + lesson + "?s=" + sessionId + anchor;
  }
}
