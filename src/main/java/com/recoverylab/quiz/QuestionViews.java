package com.recoverylab.quiz;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.LessonLinks;
import com.recoverylab.content.Question;
import com.recoverylab.quiz.QuestionView.BranchView;
import com.recoverylab.quiz.QuestionView.ChoiceText;
import com.recoverylab.quiz.QuestionView.LinkView;
import com.recoverylab.quiz.QuestionView.MatchView;
import com.recoverylab.quiz.QuestionView.OptionView;
import com.recoverylab.quiz.QuestionView.PastStep;
import com.recoverylab.quiz.QuestionView.RankView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link QuestionView}s. The one rule that matters: right/wrong marks and feedback go into a
 * view only for a question the student has answered, and only when the attempt's feedback timing
 * allows (at once in practice and after-each, after submit for at-end). The right answers of
 * questions whose feedback shows go in only when {@link RightAnswerRule} says they are due.
 */
final class QuestionViews {
  private static final double EPSILON = 1e-9;
  private final ContentLibrary library;
  private final String sessionId;
  private final boolean rightAnswers;

  /** Views that never show right answers the student did not pick. */
  QuestionViews(ContentLibrary library, String sessionId) {
    this(library, sessionId, false);
  }

  /**
   * @param rightAnswers whether right answers are due for this attempt
   */
  QuestionViews(ContentLibrary library, String sessionId, boolean rightAnswers) {
    this.library = library;
    this.sessionId = sessionId;
    this.rightAnswers = rightAnswers;
  }

  /**
   * @param draft the fields a student just sent, shown again when the form had a mistake; null to
   *     show the stored answer
   */
  QuestionView build(
      Attempt attempt,
      Question question,
      int number,
      StoredAnswer stored,
      Map<String, String[]> draft,
      String error) {
    AttemptLayout.Slot slot =
        attempt
            .layout()
            .slot(question.id())
            .orElse(new AttemptLayout.Slot(question.id(), List.of()));
    boolean answered = stored != null;
    boolean feedbackNow = attempt.submitted() || attempt.immediateFeedback();
    boolean showFeedback = answered && feedbackNow && (attempt.submitted() || stored.complete());
    boolean locked = QuizAttempts.locked(attempt, stored);
    boolean canRetry = attempt.practice() && !attempt.submitted() && showFeedback;
    String verdict = null;
    String scoreText = null;
    if (showFeedback) {
      double score = QuizScorer.score(question, stored.answer());
      verdict = score >= 1 - EPSILON ? "correct" : score <= EPSILON ? "incorrect" : "partly";
      scoreText = QuizFormat.percent(score);
    }
    Answer answer = answered ? stored.answer() : null;
    boolean reveal = showFeedback && rightAnswers;
    if (question instanceof Question.Choice choice) {
      return new QuestionView(
          question.id(),
          number,
          question.kind(),
          promptHtml(question),
          answered,
          locked,
          showFeedback,
          canRetry,
          verdict,
          scoreText,
          choice.choiceKind() == Question.ChoiceKind.MULTIPLE ? "checkbox" : "radio",
          options(choice, slot, answer, draft, showFeedback, reveal),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          error);
    }
    if (question instanceof Question.Ranking ranking) {
      List<RankView> items = rankItems(ranking, slot, answer, draft);
      return new QuestionView(
          question.id(),
          number,
          question.kind(),
          promptHtml(question),
          answered,
          locked,
          showFeedback,
          canRetry,
          verdict,
          scoreText,
          null,
          null,
          items,
          order(items),
          reveal ? expected(ranking) : null,
          null,
          null,
          showFeedback ? ranking.feedback() : null,
          showFeedback ? link(ranking.link()) : null,
          error);
    }
    if (question instanceof Question.Matching matching) {
      return new QuestionView(
          question.id(),
          number,
          question.kind(),
          promptHtml(question),
          answered,
          locked,
          showFeedback,
          canRetry,
          verdict,
          scoreText,
          null,
          null,
          null,
          null,
          null,
          matchRows(matching, answer, draft, showFeedback, reveal, matchChoices(matching, slot)),
          null,
          null,
          null,
          error);
    }
    Question.Branching branching = (Question.Branching) question;
    return new QuestionView(
        question.id(),
        number,
        question.kind(),
        promptHtml(question),
        answered,
        locked,
        showFeedback,
        canRetry,
        verdict,
        scoreText,
        null,
        null,
        null,
        null,
        null,
        null,
        branch(attempt, branching, answer, feedbackNow, feedbackNow && rightAnswers),
        null,
        null,
        error);
  }

  /** A ranking's right order: its tiers, first first, each with the texts of its items. */
  static List<QuestionView.Tier> expected(Question.Ranking ranking) {
    Map<Integer, List<String>> byTier = new java.util.TreeMap<>();
    ranking
        .items()
        .forEach(i -> byTier.computeIfAbsent(i.tier(), t -> new ArrayList<>()).add(i.text()));
    List<QuestionView.Tier> tiers = new ArrayList<>();
    int rank = 0;
    for (List<String> texts : byTier.values()) {
      tiers.add(new QuestionView.Tier(++rank, List.copyOf(texts)));
    }
    return tiers;
  }

  private List<OptionView> options(
      Question.Choice question,
      AttemptLayout.Slot slot,
      Answer answer,
      Map<String, String[]> draft,
      boolean showFeedback,
      boolean revealKey) {
    String field = AnswerForm.optionField(question.id());
    List<String> checked =
        draft != null
            ? Arrays.asList(draft.getOrDefault(field, new String[0]))
            : answer instanceof Answer.Chosen chosen ? chosen.optionIds() : List.of();
    List<OptionView> views = new ArrayList<>();
    for (Question.Option option : ordered(question.options(), slot.optionOrder())) {
      boolean picked = checked.contains(option.id());
      // only options the student picked get a mark and feedback, and right ones once right answers
      // are due
      boolean reveal = showFeedback && picked;
      boolean key = revealKey && option.correct();
      views.add(
          new OptionView(
              option.id(),
              option.text(),
              field,
              picked,
              reveal ? (option.correct() ? "correct" : "incorrect") : null,
              reveal || key ? option.feedback() : null,
              reveal || key ? link(option.link()) : null,
              key));
    }
    return views;
  }

  private static List<Question.Option> ordered(List<Question.Option> options, List<String> order) {
    List<Question.Option> result = new ArrayList<>();
    for (String id : order) {
      options.stream().filter(o -> o.id().equals(id)).findFirst().ifPresent(result::add);
    }
    options.stream().filter(o -> !result.contains(o)).forEach(result::add);
    return result;
  }

  private List<RankView> rankItems(
      Question.Ranking question,
      AttemptLayout.Slot slot,
      Answer answer,
      Map<String, String[]> draft) {
    List<Question.RankItem> items = new ArrayList<>();
    for (String id : slot.optionOrder()) {
      question.items().stream().filter(i -> i.id().equals(id)).findFirst().ifPresent(items::add);
    }
    question.items().stream().filter(i -> !items.contains(i)).forEach(items::add);
    List<RankView> views = new ArrayList<>();
    int count = items.size();
    for (Question.RankItem item : items) {
      String field = AnswerForm.rankField(question.id(), item.id());
      String position = "";
      if (draft != null) {
        String[] values = draft.get(field);
        position = values == null || values.length == 0 ? "" : values[0];
      } else if (answer instanceof Answer.Ordered ordered
          && ordered.itemIds().contains(item.id())) {
        position = String.valueOf(ordered.itemIds().indexOf(item.id()) + 1);
      }
      List<QuestionView.Position> positions = new ArrayList<>(count);
      for (int p = 1; p <= count; p++) {
        String value = String.valueOf(p);
        positions.add(new QuestionView.Position(value, value.equals(position)));
      }
      views.add(new RankView(item.id(), item.text(), field, position, positions));
    }
    return views;
  }

  /**
   * The item texts position by position, as the review lists them (items without a position left
   * out).
   */
  private static List<String> order(List<RankView> items) {
    List<String> texts = new ArrayList<>();
    for (int p = 1; p <= items.size(); p++) {
      String value = String.valueOf(p);
      for (RankView item : items) {
        if (value.equals(item.position())) {
          texts.add(item.text());
        }
      }
    }
    return texts;
  }

  private List<MatchView> matchRows(
      Question.Matching question,
      Answer answer,
      Map<String, String[]> draft,
      boolean showFeedback,
      boolean reveal,
      List<ChoiceText> choiceTexts) {
    List<MatchView> rows = new ArrayList<>();
    for (Question.Pair pair : question.pairs()) {
      String field = AnswerForm.matchField(question.id(), pair.id());
      String selected = "";
      if (draft != null) {
        String[] values = draft.get(field);
        selected = values == null || values.length == 0 ? "" : values[0];
      } else if (answer instanceof Answer.Matched matched) {
        selected = matched.choiceByPair().getOrDefault(pair.id(), "");
      }
      String selectedText = choiceText(question, selected).orElse(null);
      String mark = null;
      String feedback = null;
      LinkView link = null;
      String rightText = null;
      String pickedFeedback = null;
      if (showFeedback) {
        boolean right = pair.id().equals(selected);
        mark = right ? "correct" : "incorrect";
        String picked = selected;
        Optional<Question.Option> distractor =
            question.distractors().stream().filter(d -> d.id().equals(picked)).findFirst();
        if (right || reveal) {
          // the row explains its own item; another item's feedback would explain the wrong tool
          feedback = pair.feedback();
          link = link(pair.link());
          rightText = right ? null : pair.right();
          pickedFeedback = right ? null : distractor.map(Question.Option::feedback).orElse(null);
        } else if (distractor.isPresent()) {
          feedback = distractor.get().feedback();
          link = link(distractor.get().link());
        }
      }
      List<QuestionView.MatchChoice> choices = new ArrayList<>(choiceTexts.size());
      for (ChoiceText choice : choiceTexts) {
        choices.add(
            new QuestionView.MatchChoice(choice.id(), choice.text(), choice.id().equals(selected)));
      }
      rows.add(
          new MatchView(
              pair.id(),
              pair.left(),
              field,
              selected,
              selectedText,
              choices,
              mark,
              feedback,
              link,
              rightText,
              pickedFeedback));
    }
    return rows;
  }

  private static Optional<String> choiceText(Question.Matching question, String id) {
    return question.pairs().stream()
        .filter(p -> p.id().equals(id))
        .map(Question.Pair::right)
        .findFirst()
        .or(
            () ->
                question.distractors().stream()
                    .filter(d -> d.id().equals(id))
                    .map(Question.Option::text)
                    .findFirst());
  }

  private static List<ChoiceText> matchChoices(
      Question.Matching question, AttemptLayout.Slot slot) {
    List<String> ids = new ArrayList<>(slot.optionOrder());
    question
        .pairs()
        .forEach(
            p -> {
              if (!ids.contains(p.id())) {
                ids.add(p.id());
              }
            });
    question
        .distractors()
        .forEach(
            d -> {
              if (!ids.contains(d.id())) {
                ids.add(d.id());
              }
            });
    List<ChoiceText> choices = new ArrayList<>();
    for (String id : ids) {
      choiceText(question, id).ifPresent(text -> choices.add(new ChoiceText(id, text)));
    }
    return choices;
  }

  private BranchView branch(
      Attempt attempt,
      Question.Branching question,
      Answer answer,
      boolean feedbackNow,
      boolean reveal) {
    List<String> path = answer instanceof Answer.Path p ? p.choiceIds() : List.of();
    BranchWalk walk = BranchWalk.follow(question, path);
    List<PastStep> past = new ArrayList<>();
    for (int i = 0; i < walk.choices().size(); i++) {
      Question.BranchChoice choice = walk.choices().get(i);
      String stepText = question.step(walk.stepIds().get(i)).map(Question.Step::text).orElse("");
      String mark = null;
      String bestText = null;
      if (feedbackNow) {
        Question.Step step = question.step(walk.stepIds().get(i)).orElseThrow();
        double best =
            step.choices().stream().mapToDouble(Question.BranchChoice::points).max().orElse(0);
        mark = choice.points() >= best ? "correct" : "incorrect";
        if (reveal && choice.points() < best) {
          bestText =
              attempt.layout().choicesInOrder(question.id(), step).stream()
                  .filter(c -> c.points() >= best)
                  .map(Question.BranchChoice::text)
                  .findFirst()
                  .orElse(null);
        }
      }
      past.add(
          new PastStep(
              stepText,
              choice.text(),
              mark,
              feedbackNow ? choice.feedback() : null,
              feedbackNow ? link(choice.link()) : null,
              bestText));
    }
    List<ChoiceText> choices =
        walk.finished()
            ? List.of()
            : attempt.layout().choicesInOrder(question.id(), walk.current()).stream()
                .map(c -> new ChoiceText(c.id(), c.text()))
                .toList();
    boolean canGoBack =
        QuizAttempts.canGoBack(attempt, question) && !walk.finished() && !path.isEmpty();
    boolean debrief = walk.finished() && feedbackNow;
    return new BranchView(
        past,
        walk.finished() ? null : walk.current().text(),
        choices,
        walk.finished() ? walk.ending().text() : null,
        canGoBack,
        walk.finished(),
        debrief ? walk.ending().debrief() : null,
        debrief ? link(walk.ending().link()) : null);
  }

  /** The prompt's HTML with its lesson links carrying the session, like every other tool link. */
  private String promptHtml(Question question) {
    return LessonLinks.withSession(
        question.prompt(), URLEncoder.encode(sessionId, StandardCharsets.UTF_8));
  }

  /** {@code lesson-id#anchor} as a link to the lesson page, named by the lesson and section. */
  LinkView link(String target) {
    if (target == null || target.isBlank()) {
      return null;
    }
    int hash = target.indexOf('#');
    String lessonId = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    String href = LessonLinks.href(target, URLEncoder.encode(sessionId, StandardCharsets.UTF_8));
    Optional<Lesson> lesson = library.lesson(lessonId);
    String text =
        lesson
            .map(
                l -> {
                  String section =
                      anchor == null
                          ? null
                          : l.headings().stream()
                              .filter(h -> h.anchor().equals(anchor))
                              .map(Lesson.Heading::text)
                              .findFirst()
                              .orElse(null);
                  return section == null ? l.title() : l.title() + ": " + section;
                })
            .orElse(lessonId);
    return new LinkView(href, text);
  }
}
