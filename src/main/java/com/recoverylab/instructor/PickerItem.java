package com.recoverylab.instructor;

/**
 * A row of the deep-linking picker (public: templates read it).
 *
 * @param rules the quiz's default rules; null for a lesson
 */
public record PickerItem(
    String kind,
    String id,
    String title,
    String summary,
    int minutes,
    int questions,
    String previewUrl,
    QuizRules rules) {
  public String value() {
    return kind + ":" + id;
  }

  public boolean isQuiz() {
    return "quiz".equals(kind);
  }
}
