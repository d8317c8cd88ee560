package com.recoverylab.instructor;

/**
 * A results table row, formatted for the page and the CSV (public: templates read it).
 *
 * @param best scores as whole percentages, empty before the first submitted attempt
 */
public record StudentView(
    long userId,
    String subject,
    String name,
    int attempts,
    int inProgress,
    String best,
    String last,
    String graded,
    String gradedPoints,
    String timeSpent,
    String syncStatus,
    String syncError,
    String syncDetails,
    String reviewUrl,
    String resetUrl) {

  static StudentView of(
      StudentRow row, QuizRules rules, GradeSync.State sync, String encodedSession) {
    Double graded = row.graded(rules.gradingMethod());
    String user =
        java.net.URLEncoder.encode(row.subject(), java.nio.charset.StandardCharsets.UTF_8);
    return new StudentView(
        row.userId(),
        row.subject(),
        row.displayName(),
        row.attempts(),
        row.inProgress(),
        percent(row.best()),
        percent(row.last()),
        percent(graded),
        graded == null ? "" : QuizRules.plain(Math.round(graded * rules.points() * 100) / 100.0),
        duration(row.seconds()),
        sync == null ? "" : sync.status(),
        sync == null || sync.lastError() == null ? "" : sync.lastError(),
        sync == null || sync.platformText() == null ? "" : sync.platformText(),
        "/instructor/review?s=" + encodedSession + "&user=" + user,
        "/instructor/reset?s=" + encodedSession + "&user=" + user);
  }

  static String percent(Double fraction) {
    return fraction == null ? "" : Math.round(fraction * 100) + "%";
  }

  /** {@code 4:05} for 245 seconds, {@code 1:02:03} past an hour. */
  static String duration(long seconds) {
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long s = seconds % 60;
    return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
  }
}
