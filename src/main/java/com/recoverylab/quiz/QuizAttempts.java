package com.recoverylab.quiz;

import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import com.recoverylab.course.LinkRulesRepository;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Starting, answering and submitting attempts. Every change checks, inside its transaction, that
 * the attempt is still open (the conditional UPDATE also locks the row), so a double submit or a
 * second tab cannot grade an attempt twice or change a submitted one.
 */
final class QuizAttempts {
  private static final SecureRandom SEEDS = new SecureRandom();
  private final Jdbc jdbc;
  private final QuizRepository repository;
  private final QuizGrades grades;
  private final RevealedMisconceptions misconceptions;
  private final Clock clock;

  QuizAttempts(Jdbc jdbc, QuizRepository repository, QuizGrades grades, Clock clock) {
    this(jdbc, repository, grades, RevealedMisconceptions.NONE, clock);
  }

  QuizAttempts(
      Jdbc jdbc,
      QuizRepository repository,
      QuizGrades grades,
      RevealedMisconceptions misconceptions,
      Clock clock) {
    this.jdbc = jdbc;
    this.repository = repository;
    this.grades = grades;
    this.misconceptions = misconceptions;
    this.clock = clock;
  }

  /** How this session meets this quiz: graded on its link, or practice. */
  record Context(AttemptMode mode, Long resourceLinkId, LinkSettings settings) {
    boolean graded() {
      return mode == AttemptMode.GRADED;
    }
  }

  /**
   * Graded when the session's resource link shows this quiz and the user is a learner; everything
   * else (instructors, lessons, the course overview) practises.
   */
  Context context(LaunchSession session, Quiz quiz) {
    Long linkId = session.resourceLinkId();
    Optional<LinkRulesRepository.RuledLink> link =
        linkId == null ? Optional.empty() : grades.link(linkId);
    boolean linkShowsQuiz =
        link.map(LinkRulesRepository.RuledLink::content)
            .filter(c -> "quiz".equals(c.kind()) && quiz.id().equals(c.id()))
            .isPresent();
    LinkSettings settings =
        linkShowsQuiz ? grades.settings(linkId, link) : LinkSettings.defaults(quiz);
    if (linkShowsQuiz && session.role() == Role.LEARNER) {
      return new Context(AttemptMode.GRADED, linkId, settings);
    }
    return new Context(AttemptMode.PRACTICE, null, settings);
  }

  Optional<Attempt> open(LaunchSession session, Quiz quiz, Context context) {
    return repository.openAttempt(openKey(session, quiz, context));
  }

  /** The learner's newest {@code limit} attempts at the quiz here, newest first. */
  List<Attempt> history(LaunchSession session, Quiz quiz, Context context, int limit) {
    return repository.attempts(
        session.userId(), session.courseId(), quiz.id(), context.resourceLinkId(), limit);
  }

  /** Resumes the open attempt, or starts one when the rules allow it. */
  Attempt start(LaunchSession session, Quiz quiz) {
    Context context = context(session, quiz);
    String key = openKey(session, quiz, context);
    Optional<Attempt> open = repository.openAttempt(key);
    if (open.isPresent()) {
      return open.get();
    }
    Instant now = clock.instant();
    LinkSettings settings = context.settings();
    if (context.graded()) {
      int used = repository.submittedGradedCount(session.userId(), context.resourceLinkId());
      Optional<HttpError> refused = settings.refusesGradedStart(used, now);
      if (refused.isPresent()) {
        throw refused.get();
      }
    }
    long seed = SEEDS.nextLong();
    AttemptLayout layout = AttemptLayout.draw(quiz, settings.shuffle(), settings.draw(), seed);
    String feedback =
        context.graded() ? settings.feedbackTiming().word() : Attempt.PRACTICE_FEEDBACK;
    try {
      long id =
          repository.insertAttempt(
              session.userId(),
              session.courseId(),
              context.resourceLinkId(),
              quiz.id(),
              context.mode(),
              key,
              layout,
              seed,
              feedback,
              settings.points(),
              now);
      return new Attempt(
          id,
          session.userId(),
          session.courseId(),
          context.resourceLinkId(),
          quiz.id(),
          context.mode(),
          false,
          layout,
          feedback,
          settings.points(),
          now,
          null,
          null,
          null);
    } catch (Jdbc.DataAccessException e) {
      if (e.isUniqueViolation()) {
        // another tab started the same attempt a moment ago: resume that one
        return repository.openAttempt(key).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  /**
   * Whether this attempt's review shows the right answers now, under the rules of the link it was
   * taken on (practice: the quiz's own setting).
   */
  boolean rightAnswersDue(Attempt attempt, Quiz quiz) {
    if (attempt.practice() || attempt.resourceLinkId() == null) {
      return RightAnswerRule.due(attempt, LinkSettings.defaults(quiz), 0, clock.instant());
    }
    if (!attempt.submitted() && !attempt.immediateFeedback()) {
      return false; // no feedback shows yet, so neither do right answers: spare the look-ups
    }
    LinkSettings settings = grades.settings(attempt.resourceLinkId());
    // the count matters only once the attempt is submitted; open attempts skip the query
    int used =
        attempt.submitted()
            ? repository.submittedGradedCount(attempt.userId(), attempt.resourceLinkId())
            : 0;
    return RightAnswerRule.due(attempt, settings, used, clock.instant());
  }

  /**
   * Like {@link #rightAnswersDue(Attempt, Quiz)} for a submitted graded attempt, with its link's
   * settings and the learner's submitted attempts on the link already read.
   */
  boolean rightAnswersDue(Attempt attempt, LinkSettings settings, int submittedOnLink) {
    return RightAnswerRule.due(attempt, settings, submittedOnLink, clock.instant());
  }

  /**
   * The attempt, if it belongs to this quiz (else 404) and to this user in this course (else 403).
   */
  Attempt own(LaunchSession session, Quiz quiz, long attemptId) {
    Attempt attempt =
        repository
            .attempt(attemptId)
            .filter(a -> a.quizId().equals(quiz.id()))
            .orElseThrow(() -> HttpError.notFound("error.quiz.noSuchAttempt"));
    if (attempt.userId() != session.userId() || attempt.courseId() != session.courseId()) {
      throw HttpError.forbidden("error.quiz.notYourAttempt");
    }
    return attempt;
  }

  Map<String, StoredAnswer> answers(Attempt attempt) {
    return repository.answers(attempt.id());
  }

  /** The question a form names, if this attempt drew it; anything else is a tampered form. */
  Question question(Attempt attempt, Quiz quiz, String questionId) {
    if (questionId == null || attempt.layout().slot(questionId).isEmpty()) {
      throw HttpError.badRequest(
          "error.quiz.questionNotInAttempt", questionId == null ? "" : questionId);
    }
    return quiz.question(questionId)
        .orElseThrow(() -> HttpError.badRequest("error.quiz.questionNotInAttempt", questionId));
  }

  /** Whether an answered question is closed: graded, feedback after each, already shown. */
  static boolean locked(Attempt attempt, StoredAnswer answer) {
    return attempt.submitted()
        || (!attempt.practice()
            && attempt.immediateFeedback()
            && answer != null
            && answer.complete());
  }

  /** Saves answers in one transaction; an answer to a closed question is a conflict. */
  void answer(Attempt attempt, Quiz quiz, Map<String, Answer> answersByQuestion) {
    answer(attempt, quiz, answersByQuestion, false);
  }

  /**
   * Saves the all-questions page's answers in one transaction. The page posts its closed questions
   * too; their answers are left out, as the transaction finds them stored.
   */
  void answerPage(Attempt attempt, Quiz quiz, Map<String, Answer> answersByQuestion) {
    answer(attempt, quiz, answersByQuestion, true);
  }

  private void answer(
      Attempt attempt, Quiz quiz, Map<String, Answer> answersByQuestion, boolean leaveClosedOut) {
    jdbc.inTransaction(
        () -> {
          Instant now = requireOpen(attempt);
          save(
              attempt,
              quiz,
              answersByQuestion,
              repository.answers(attempt.id()),
              now,
              leaveClosedOut);
          return null;
        });
  }

  /**
   * Saves the answers, with their scores, and returns every stored answer afterwards. An answer to
   * a locked question is left out or, unless {@code leaveClosedOut}, a conflict. Call inside the
   * transaction that locked the attempt.
   */
  private Map<String, StoredAnswer> save(
      Attempt attempt,
      Quiz quiz,
      Map<String, Answer> answersByQuestion,
      Map<String, StoredAnswer> stored,
      Instant now,
      boolean leaveClosedOut) {
    List<QuizRepository.AnswerRows> rows = new ArrayList<>();
    Map<String, StoredAnswer> after = new LinkedHashMap<>(stored);
    for (Map.Entry<String, Answer> entry : answersByQuestion.entrySet()) {
      Question question = question(attempt, quiz, entry.getKey());
      if (locked(attempt, stored.get(question.id()))) {
        if (leaveClosedOut) {
          continue;
        }
        throw HttpError.conflict("error.quiz.answerLocked");
      }
      StoredAnswer answer = stored(question, entry.getValue(), true, now);
      rows.add(new QuizRepository.AnswerRows(answer, AnswerPicks.of(question, entry.getValue())));
      after.put(question.id(), answer);
    }
    repository.saveAnswers(attempt.id(), rows, stored.keySet());
    return after;
  }

  /** Takes one choice in a branching scenario. */
  void step(Attempt attempt, Quiz quiz, String questionId, String choiceId) {
    jdbc.inTransaction(
        () -> {
          Instant now = requireOpen(attempt);
          Question.Branching branching = branching(attempt, quiz, questionId);
          StoredAnswer stored = repository.answers(attempt.id()).get(questionId);
          List<String> path =
              new ArrayList<>(
                  stored == null ? List.of() : ((Answer.Path) stored.answer()).choiceIds());
          BranchWalk walk = BranchWalk.follow(branching, path);
          if (walk.finished()) {
            throw HttpError.conflict("error.quiz.scenarioEnded");
          }
          if (choiceId == null
              || walk.current().choices().stream().noneMatch(c -> c.id().equals(choiceId))) {
            throw HttpError.badRequest(
                "error.quiz.unknownOption", choiceId == null ? "" : choiceId);
          }
          path.add(choiceId);
          save(
              attempt,
              branching,
              new Answer.Path(path),
              BranchWalk.follow(branching, path).finished(),
              now,
              stored != null);
          return null;
        });
  }

  /** Goes back one step in a scenario that allows it and has not reached an ending. */
  void back(Attempt attempt, Quiz quiz, String questionId) {
    jdbc.inTransaction(
        () -> {
          Instant now = requireOpen(attempt);
          Question.Branching branching = branching(attempt, quiz, questionId);
          if (!canGoBack(attempt, branching)) {
            throw HttpError.badRequest("error.quiz.noBack");
          }
          StoredAnswer stored = repository.answers(attempt.id()).get(questionId);
          List<String> path =
              new ArrayList<>(
                  stored == null ? List.of() : ((Answer.Path) stored.answer()).choiceIds());
          if (path.isEmpty()) {
            throw HttpError.badRequest("error.quiz.noBack");
          }
          if (BranchWalk.follow(branching, path).finished()) {
            throw HttpError.conflict("error.quiz.scenarioEnded");
          }
          path.remove(path.size() - 1);
          if (path.isEmpty()) {
            repository.deleteAnswer(attempt.id(), questionId);
          } else {
            save(attempt, branching, new Answer.Path(path), false, now, true);
          }
          return null;
        });
  }

  /**
   * Going back is the scenario's choice; in a graded attempt with feedback after each step it would
   * let a student undo a choice after reading why it was wrong, so it is off there.
   */
  static boolean canGoBack(Attempt attempt, Question.Branching branching) {
    return branching.allowBack()
        && !attempt.submitted()
        && (attempt.practice() || !attempt.immediateFeedback());
  }

  /** Practice only: clears an answer so the student can try the question again. */
  void retry(Attempt attempt, Quiz quiz, String questionId) {
    if (!attempt.practice()) {
      throw HttpError.forbidden("error.quiz.retryPracticeOnly");
    }
    jdbc.inTransaction(
        () -> {
          requireOpen(attempt);
          question(attempt, quiz, questionId);
          repository.deleteAnswer(attempt.id(), questionId);
          return null;
        });
  }

  /**
   * Scores and submits the attempt and, for a graded one, queues the link grade, all in one
   * transaction. A second submit of the same attempt changes nothing and returns false.
   */
  boolean submit(Attempt attempt, Quiz quiz) {
    return submit(attempt, quiz, Map.of());
  }

  /**
   * Saves the given answers and submits, in one transaction: the all-questions page's "save and
   * submit". Answers to closed questions are left out, as for {@link #answerPage}; with answers
   * given, an attempt already submitted is a conflict.
   */
  boolean submit(Attempt attempt, Quiz quiz, Map<String, Answer> answersByQuestion) {
    return jdbc.inTransaction(
        () -> {
          Instant now = clock.instant();
          if (!repository.touchOpen(attempt.id(), now)) {
            if (!answersByQuestion.isEmpty()) {
              throw HttpError.conflict("error.quiz.alreadySubmitted");
            }
            return false;
          }
          Map<String, StoredAnswer> answers = repository.answers(attempt.id());
          if (!answersByQuestion.isEmpty()) {
            answers = save(attempt, quiz, answersByQuestion, answers, now, true);
          }
          double fraction = QuizScorer.quizFraction(weightedScores(attempt, quiz, answers));
          double points = QuizGrades.round(fraction * attempt.pointsPossible());
          if (!repository.markSubmitted(attempt.id(), fraction, points, now)) {
            return false;
          }
          if (attempt.mode() == AttemptMode.GRADED && attempt.resourceLinkId() != null) {
            grades.queue(attempt.resourceLinkId(), attempt.userId(), now);
          }
          List<RevealedMisconceptions.Revealed> revealed = revealed(attempt, quiz, answers);
          if (!revealed.isEmpty()) {
            misconceptions.revealed(
                new RevealedMisconceptions.SubmittedAttempt(
                    attempt.userId(), attempt.courseId(), quiz.id(), revealed));
          }
          return true;
        });
  }

  /**
   * Each tag a wrong pick of this attempt revealed, once, with the first question (in attempt
   * order) that did.
   */
  static List<RevealedMisconceptions.Revealed> revealed(
      Attempt attempt, Quiz quiz, Map<String, StoredAnswer> answers) {
    Map<String, RevealedMisconceptions.Revealed> byTag = new LinkedHashMap<>();
    for (AttemptLayout.Slot slot : attempt.layout().slots()) {
      Optional<Question> question = quiz.question(slot.questionId());
      StoredAnswer answer = answers.get(slot.questionId());
      if (question.isEmpty() || answer == null) {
        continue;
      }
      for (PickedOption pick : AnswerPicks.of(question.get(), answer.answer())) {
        if (!pick.correct() && pick.misconception() != null) {
          byTag.putIfAbsent(
              pick.misconception(),
              new RevealedMisconceptions.Revealed(pick.misconception(), slot.questionId()));
        }
      }
    }
    return List.copyOf(byTag.values());
  }

  /** Every drawn question still in the quiz, with the score its answer earns (0 unanswered). */
  static List<QuizScorer.Weighted> weightedScores(
      Attempt attempt, Quiz quiz, Map<String, StoredAnswer> answers) {
    List<QuizScorer.Weighted> scores = new ArrayList<>();
    for (AttemptLayout.Slot slot : attempt.layout().slots()) {
      Optional<Question> question = quiz.question(slot.questionId());
      if (question.isEmpty()) {
        continue; // the question left the content since the attempt started
      }
      StoredAnswer answer = answers.get(slot.questionId());
      double score = answer == null ? 0 : QuizScorer.score(question.get(), answer.answer());
      scores.add(new QuizScorer.Weighted(score, question.get().weight()));
    }
    return scores;
  }

  private Instant requireOpen(Attempt attempt) {
    Instant now = clock.instant();
    if (!repository.touchOpen(attempt.id(), now)) {
      throw HttpError.conflict("error.quiz.alreadySubmitted");
    }
    return now;
  }

  private Question.Branching branching(Attempt attempt, Quiz quiz, String questionId) {
    Question question = question(attempt, quiz, questionId);
    if (!(question instanceof Question.Branching branching)) {
      throw HttpError.badRequest("error.quiz.notAScenario", questionId);
    }
    return branching;
  }

  private void save(
      Attempt attempt,
      Question question,
      Answer answer,
      boolean complete,
      Instant now,
      boolean replacing) {
    repository.saveAnswers(
        attempt.id(),
        List.of(
            new QuizRepository.AnswerRows(
                stored(question, answer, complete, now), AnswerPicks.of(question, answer))),
        replacing ? Set.of(question.id()) : Set.of());
  }

  private static StoredAnswer stored(
      Question question, Answer answer, boolean complete, Instant now) {
    return new StoredAnswer(
        question.id(), answer, QuizScorer.score(question, answer), complete, now);
  }

  private static String openKey(LaunchSession session, Quiz quiz, Context context) {
    return context.graded()
        ? "G:" + session.userId() + ":" + context.resourceLinkId()
        : "P:" + session.userId() + ":" + session.courseId() + ":" + quiz.id();
  }
}
