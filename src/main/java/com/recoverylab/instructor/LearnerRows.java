package com.recoverylab.instructor;

import com.recoverylab.content.GradingMethod;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.course.CourseRecordRepository.Person;
import com.recoverylab.quiz.QuizResults;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The learner table of a results page: the quiz feature's per-learner results joined with the names
 * the course feature holds, filtered by name or group, ordered by name and paged.
 */
final class LearnerRows {
  private final QuizResults results;
  private final CourseRecordRepository people;

  LearnerRows(QuizResults results, CourseRecordRepository people) {
    this.results = results;
    this.people = people;
  }

  /**
   * Which learners to show: a name fragment, and (when the roster has groups) the platform user ids
   * of a group. Null parts do not filter.
   */
  record Filter(String name, Set<String> subjects) {
    static final Filter NONE = new Filter(null, null);

    boolean admits(Person person) {
      if (name != null && !name.isBlank()) {
        String searched =
            (orEmpty(person.name())
                    + " "
                    + orEmpty(person.givenName())
                    + " "
                    + orEmpty(person.familyName())
                    + " "
                    + person.subject())
                .toLowerCase(Locale.ROOT);
        if (!searched.contains(name.trim().toLowerCase(Locale.ROOT))) {
          return false;
        }
      }
      return subjects == null || subjects.contains(person.subject());
    }

    private static String orEmpty(String value) {
      return value == null ? "" : value;
    }
  }

  /** Every learner with a graded attempt on the link that the filter admits, by name. */
  private List<StudentRow> all(long linkId, Filter filter) {
    List<QuizResults.LearnerResult> learners = results.learners(linkId);
    Map<Long, Person> named =
        people.people(learners.stream().map(QuizResults.LearnerResult::userId).toList());
    return learners.stream()
        .filter(l -> named.containsKey(l.userId()) && filter.admits(named.get(l.userId())))
        .map(l -> row(l, named.get(l.userId())))
        .sorted(
            Comparator.comparing((StudentRow r) -> sortName(named.get(r.userId())))
                .thenComparingLong(StudentRow::userId))
        .toList();
  }

  /** A page of learners ({@code limit} 0: all of them). */
  List<StudentRow> students(long linkId, Filter filter, int offset, int limit) {
    List<StudentRow> rows = all(linkId, filter);
    if (limit <= 0) {
      return rows;
    }
    return rows.subList(Math.min(offset, rows.size()), Math.min(rows.size(), offset + limit));
  }

  int countStudents(long linkId, Filter filter) {
    return all(linkId, filter).size();
  }

  /**
   * Learners per tenth of the graded score (bin 9 holds 90-100%), those with a submitted attempt.
   */
  int[] histogram(long linkId, GradingMethod method, Filter filter) {
    int[] bins = new int[10];
    for (StudentRow row : all(linkId, filter)) {
      Double score = row.graded(method);
      if (row.attempts() > 0 && score != null) {
        bins[Math.max(0, Math.min(9, (int) Math.floor(score * 10)))]++;
      }
    }
    return bins;
  }

  boolean hasGradedAttempt(long linkId, long userId) {
    return results.learners(linkId).stream().anyMatch(l -> l.userId() == userId);
  }

  /**
   * Platform user ids of everyone with a graded attempt on the link (started, submitted or not).
   */
  Set<String> startedSubjects(long linkId) {
    List<Long> ids =
        results.learners(linkId).stream().map(QuizResults.LearnerResult::userId).toList();
    Set<String> subjects = new HashSet<>();
    people.people(ids).values().forEach(p -> subjects.add(p.subject()));
    return subjects;
  }

  private static StudentRow row(QuizResults.LearnerResult l, Person person) {
    String name = person.name();
    if (name == null || name.isBlank()) {
      name =
          ((person.givenName() == null ? "" : person.givenName())
                  + " "
                  + (person.familyName() == null ? "" : person.familyName()))
              .trim();
    }
    return new StudentRow(
        l.userId(),
        person.subject(),
        name,
        l.attempts(),
        l.inProgress(),
        l.best(),
        l.last(),
        l.first(),
        l.average(),
        l.seconds(),
        l.lastSubmitted());
  }

  /** The full name as the platform sent it, else the platform user id, compared without case. */
  private static String sortName(Person person) {
    return (person.name() != null ? person.name() : person.subject()).toLowerCase(Locale.ROOT);
  }
}
