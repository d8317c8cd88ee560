package com.recoverylab.lti.launch;

import com.recoverylab.content.ContentLibrary;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a resource link shows: a quiz, a lesson or the course overview. Written {@code quiz:<id>},
 * {@code lesson:<id>} or {@code overview} in the custom parameter {@code content} and in the assign
 * form.
 */
public record LinkContent(String kind, String id) {
  public static final String QUIZ = "quiz";
  public static final String LESSON = "lesson";
  public static final String OVERVIEW = "overview";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  public LinkContent {
    if (OVERVIEW.equals(kind)) {
      id = null;
    } else if (!(QUIZ.equals(kind) || LESSON.equals(kind))
        || id == null
        || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "content must be quiz:<id>, lesson:<id> or overview, got: " + kind + ":" + id);
    }
  }

  /**
   * Parses {@code quiz:<id>}, {@code lesson:<id>} or {@code overview}; empty when it is none of
   * them.
   */
  public static Optional<LinkContent> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (OVERVIEW.equals(v)) {
      return Optional.of(new LinkContent(OVERVIEW, null));
    }
    int colon = v.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new LinkContent(v.substring(0, colon), v.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** From the stored columns {@code resource_links.content_kind/content_id}; empty when unset. */
  static Optional<LinkContent> stored(String kind, String id) {
    if (kind == null) {
      return Optional.empty();
    }
    return parse(OVERVIEW.equals(kind) ? OVERVIEW : kind + ":" + id);
  }

  /** True when the library has the quiz or lesson (the overview always exists). */
  public boolean existsIn(ContentLibrary library) {
    return switch (kind) {
      case QUIZ -> library.quiz(id).isPresent();
      case LESSON -> library.lesson(id).isPresent();
      default -> true;
    };
  }

  /** The page that shows this content for the session {@code s}. */
  public String path(String sessionId) {
    String s = "?s=" + encode(sessionId);
    return switch (kind) {
      case QUIZ -> "/quizzes/" + encode(id) + s;
      case LESSON -> "/lessons/" + encode(id) + s;
      default -> "/course" + s;
    };
  }

  @Override
  public String toString() {
    return OVERVIEW.equals(kind) ? OVERVIEW : kind + ":" + id;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
