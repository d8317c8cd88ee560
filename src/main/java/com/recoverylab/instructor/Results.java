package com.recoverylab.instructor;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Misconception;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.course.LinkRules;
import com.recoverylab.course.LinkRulesRepository;
import com.recoverylab.lti.services.Membership;
import com.recoverylab.quiz.LinkSettings;
import com.recoverylab.quiz.QuizResults;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds what the results page and its CSV show, from the database aggregates, the quiz and the
 * roster.
 */
final class Results {
  static final int PAGE_SIZE = 50;

  /** Most-missed questions listed: the lowest averages. */
  static final int MOST_MISSED = 3;

  private final LearnerRows learners;
  private final QuizResults quizResults;
  private final ResetRepository resets;
  private final CourseRecordRepository people;
  private final LinkRulesRepository links;
  private final Supplier<ContentLibrary> content;

  Results(
      QuizResults quizResults,
      ResetRepository resets,
      CourseRecordRepository people,
      LinkRulesRepository links,
      Supplier<ContentLibrary> content) {
    this.learners = new LearnerRows(quizResults, people);
    this.quizResults = quizResults;
    this.resets = resets;
    this.people = people;
    this.links = links;
    this.content = content;
  }

  Optional<Quiz> quiz(LinkInfo link) {
    return link.isQuiz() ? content.get().quiz(link.contentId()) : Optional.empty();
  }

  /** The grading method and points in force on the link. */
  QuizRules rules(LinkInfo link, Quiz quiz) {
    return QuizRules.of(LinkSettings.of(quiz, links.find(link.id()).orElse(LinkRules.none())));
  }

  /** The filter: a name fragment and, when the roster has groups, the members of one group. */
  static LearnerRows.Filter filter(String name, String group, Roster.View roster) {
    String trimmed = name == null || name.isBlank() ? null : name.trim();
    if (group == null || group.isBlank() || !roster.hasGroups()) {
      return new LearnerRows.Filter(trimmed, null);
    }
    Set<String> subjects = new LinkedHashSet<>();
    for (Membership member : roster.members()) {
      if (member.groupIds().contains(group)) {
        subjects.add(member.userId());
      }
    }
    return new LearnerRows.Filter(trimmed, subjects);
  }

  static List<String> groups(Roster.View roster) {
    return roster.members().stream()
        .flatMap(m -> m.groupIds().stream())
        .distinct()
        .sorted()
        .toList();
  }

  /** Roster learners who have not started a graded attempt, matching the filter, by name. */
  List<Membership> notStarted(LinkInfo link, Roster.View roster, LearnerRows.Filter filter) {
    if (!roster.available()) {
      return List.of();
    }
    Set<String> started = learners.startedSubjects(link.id());
    String name = filter.name() == null ? null : filter.name().toLowerCase(Locale.ROOT);
    return roster.members().stream()
        .filter(Membership::isActive)
        .filter(Membership::isLearner)
        .filter(m -> !started.contains(m.userId()))
        .filter(m -> filter.subjects() == null || filter.subjects().contains(m.userId()))
        .filter(
            m ->
                name == null
                    || (m.displayName() + " " + m.userId()).toLowerCase(Locale.ROOT).contains(name))
        .sorted(Comparator.comparing((Membership m) -> m.displayName().toLowerCase(Locale.ROOT)))
        .toList();
  }

  /** Per-question statistics, in quiz order. */
  List<QuestionStat> questions(LinkInfo link, Quiz quiz) {
    Map<String, List<QuizResults.OptionCount>> counts = new HashMap<>();
    for (QuizResults.OptionCount count : quizResults.optionCounts(link.id())) {
      counts.computeIfAbsent(count.questionId(), k -> new ArrayList<>()).add(count);
    }
    Map<String, QuizResults.QuestionScore> scores = new HashMap<>();
    for (QuizResults.QuestionScore score : quizResults.questionScores(link.id())) {
      scores.put(score.questionId(), score);
    }
    Map<String, List<QuizResults.SlotCount>> slots = new HashMap<>();
    for (QuizResults.SlotCount count : quizResults.slotCounts(link.id())) {
      slots.computeIfAbsent(count.questionId(), k -> new ArrayList<>()).add(count);
    }
    List<QuestionStat> stats = new ArrayList<>();
    int number = 1;
    for (Question question : quiz.questions()) {
      Map<String, QuestionStat.OptionStat> options = new LinkedHashMap<>();
      Set<String> right =
          question instanceof Question.Choice choice
              ? choice.options().stream()
                  .filter(Question.Option::correct)
                  .map(Question.Option::id)
                  .collect(java.util.stream.Collectors.toSet())
              : Set.of();
      optionTexts(question)
          .forEach(
              (id, text) ->
                  options.put(
                      id, new QuestionStat.OptionStat(id, text, right.contains(id), 0, null)));
      for (QuizResults.OptionCount count : counts.getOrDefault(question.id(), List.of())) {
        QuestionStat.OptionStat known = options.get(count.optionId());
        String text = known == null ? count.optionId() : known.text();
        int before = known == null ? 0 : known.picks();
        boolean correct = count.correct() || (known != null && known.correct());
        options.put(
            count.optionId(),
            new QuestionStat.OptionStat(
                count.optionId(),
                text,
                correct,
                before + count.picks(),
                count.misconception() != null
                    ? count.misconception()
                    : known == null ? null : known.misconception()));
      }
      QuizResults.QuestionScore score = scores.get(question.id());
      List<QuestionStat.OptionStat> list = List.copyOf(options.values());
      String label = "Question " + number + ": how often each answer was chosen";
      List<QuizResults.SlotCount> placed = slots.getOrDefault(question.id(), List.of());
      List<PlacementStat> placements =
          question instanceof Question.Ranking ranking
              ? rankingPlacements(ranking, placed)
              : question instanceof Question.Matching matching
                  ? matchingPlacements(matching, placed)
                  : List.of();
      // a bar per option says nothing true about an order or a pairing: those show placements
      // instead
      String chart = placements.isEmpty() ? Charts.optionBars(list, label) : null;
      stats.add(
          new QuestionStat(
              question.id(),
              question.prompt(),
              score == null ? 0 : score.average(),
              score == null ? 0 : score.answers(),
              list,
              chart,
              question.kind(),
              placements));
      number++;
    }
    return stats;
  }

  /** Per ranking item: how often each position was given to it, and the mean position. */
  static List<PlacementStat> rankingPlacements(
      Question.Ranking ranking, List<QuizResults.SlotCount> counts) {
    int size = ranking.items().size();
    List<PlacementStat> rows = new ArrayList<>();
    for (int right = 1; right <= size; right++) {
      Question.RankItem item = ranking.items().get(right - 1);
      int[] byPosition = new int[size + 1];
      for (QuizResults.SlotCount count : counts) {
        if (count.optionId().equals(item.id())) {
          try {
            int position = Integer.parseInt(count.slot());
            if (position >= 1 && position <= size) {
              byPosition[position] += count.picks();
            }
          } catch (NumberFormatException e) {
            // a slot that is not a position belongs to no ranking column
          }
        }
      }
      List<PlacementStat.Choice> chosen = new ArrayList<>();
      int answers = 0;
      long sum = 0;
      for (int position = 1; position <= size; position++) {
        chosen.add(
            new PlacementStat.Choice(
                Integer.toString(position), byPosition[position], position == right));
        answers += byPosition[position];
        sum += (long) position * byPosition[position];
      }
      String mean = answers == 0 ? "" : String.format(Locale.ROOT, "%.1f", sum / (double) answers);
      rows.add(new PlacementStat(item.text(), Integer.toString(right), chosen, mean));
    }
    return rows;
  }

  /** Per matching item: each answer matched to it, most often first. */
  static List<PlacementStat> matchingPlacements(
      Question.Matching matching, List<QuizResults.SlotCount> counts) {
    Map<String, String> texts = optionTexts(matching);
    List<PlacementStat> rows = new ArrayList<>();
    for (Question.Pair pair : matching.pairs()) {
      List<PlacementStat.Choice> chosen =
          counts.stream()
              .filter(c -> c.slot().equals(pair.id()))
              .sorted(
                  Comparator.comparingInt(QuizResults.SlotCount::picks)
                      .reversed()
                      .thenComparing(QuizResults.SlotCount::optionId))
              .map(
                  c ->
                      new PlacementStat.Choice(
                          texts.getOrDefault(c.optionId(), c.optionId()),
                          c.picks(),
                          c.optionId().equals(pair.id())))
              .toList();
      rows.add(new PlacementStat(pair.left(), pair.right(), chosen, ""));
    }
    return rows;
  }

  /** Questions answered at least once, lowest average first. */
  static List<QuestionStat> mostMissed(List<QuestionStat> questions) {
    return questions.stream()
        .filter(q -> q.answers() > 0 && q.average() < 1)
        .sorted(Comparator.comparingDouble(QuestionStat::average))
        .limit(MOST_MISSED)
        .toList();
  }

  List<MisconceptionStat> misconceptions(LinkInfo link, String sessionId) {
    ContentLibrary library = content.get();
    String s = URLEncoder.encode(sessionId, StandardCharsets.UTF_8);
    List<MisconceptionStat> stats = new ArrayList<>();
    for (QuizResults.MisconceptionCount count : quizResults.misconceptionCounts(link.id())) {
      Optional<Misconception> known = library.misconception(count.tag());
      String url = known.map(Misconception::link).map(target -> lessonUrl(target, s)).orElse(null);
      stats.add(
          new MisconceptionStat(
              count.tag(),
              known.map(Misconception::description).orElse(count.tag()),
              count.learners(),
              count.picks(),
              url));
    }
    return stats;
  }

  /** {@code lesson-id#anchor} as the tool URL {@code /lessons/lesson-id?s=..#anchor}. */
  static String lessonUrl(String target, String encodedSession) {
    int hash = target.indexOf('#');
    String lesson = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? "" : target.substring(hash);
    return "/lessons/"
        + URLEncoder.encode(lesson, StandardCharsets.UTF_8)
        + "?s="
        + encodedSession
        + anchor;
  }

  /** Option ids and their text, as a question offers them. */
  static Map<String, String> optionTexts(Question question) {
    Map<String, String> texts = new LinkedHashMap<>();
    if (question instanceof Question.Choice choice) {
      choice.options().forEach(o -> texts.put(o.id(), o.text()));
    } else if (question instanceof Question.Ranking ranking) {
      ranking.items().forEach(i -> texts.put(i.id(), i.text()));
    } else if (question instanceof Question.Matching matching) {
      matching.pairs().forEach(p -> texts.put(p.id(), p.right()));
      matching.distractors().forEach(o -> texts.put(o.id(), o.text()));
    } else if (question instanceof Question.Branching branching) {
      branching.steps().forEach(step -> step.choices().forEach(c -> texts.put(c.id(), c.text())));
    }
    return texts;
  }

  /** Scores for the histogram under the link's grading method. */
  int[] histogram(LinkInfo link, GradingMethod method, LearnerRows.Filter filter) {
    return learners.histogram(link.id(), method, filter);
  }

  List<StudentRow> students(LinkInfo link, LearnerRows.Filter filter, int page) {
    return learners.students(link.id(), filter, (page - 1) * PAGE_SIZE, PAGE_SIZE);
  }

  List<StudentRow> allStudents(LinkInfo link, LearnerRows.Filter filter) {
    return learners.students(link.id(), filter, 0, 0);
  }

  int countStudents(LinkInfo link, LearnerRows.Filter filter) {
    return learners.countStudents(link.id(), filter);
  }

  boolean hasGradedAttempt(LinkInfo link, long userId) {
    return learners.hasGradedAttempt(link.id(), userId);
  }

  /** The link's resets, newest first, with the learner's and the instructor's names. */
  List<ResetRow> resets(LinkInfo link) {
    List<ResetRepository.StoredReset> stored = resets.resets(link.id());
    Map<Long, CourseRecordRepository.Person> named =
        people.people(
            stored.stream()
                .flatMap(r -> java.util.stream.Stream.of(r.userId(), r.resetBy()))
                .toList());
    return stored.stream()
        .map(
            r ->
                new ResetRow(
                    nameOrSubject(named.get(r.userId())),
                    nameOrSubject(named.get(r.resetBy())),
                    r.attemptsRemoved(),
                    r.at()))
        .toList();
  }

  private static String nameOrSubject(CourseRecordRepository.Person person) {
    if (person == null) {
      return null;
    }
    return person.name() != null ? person.name() : person.subject();
  }
}
