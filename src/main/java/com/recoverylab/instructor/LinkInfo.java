package com.recoverylab.instructor;

/**
 * The resource link an instructor page is about (public: templates read it).
 *
 * @param contentKind {@code quiz}, {@code lesson}, {@code overview}, or null before content was
 *     chosen
 */
public record LinkInfo(long id, long courseId, String title, String contentKind, String contentId) {
  public boolean isQuiz() {
    return "quiz".equals(contentKind) && contentId != null;
  }
}
