package com.recoverylab.content;

import com.recoverylab.content.Question.BranchChoice;
import com.recoverylab.content.Question.BranchScoring;
import com.recoverylab.content.Question.ChoiceKind;
import com.recoverylab.content.Question.Ending;
import com.recoverylab.content.Question.Option;
import com.recoverylab.content.Question.Pair;
import com.recoverylab.content.Question.RankItem;
import com.recoverylab.content.Question.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads one {@code quizzes/<id>.yaml}. Checks that need only this file (field types, ids, correct
 * answers, ranges, branch targets) happen here; links, lesson names and misconception tags are
 * collected with their places for {@link ContentValidator}.
 */
final class QuizReader {
  private static final List<String> QUIZ_FIELDS =
      List.of("id", "title", "summary", "minutes", "lessons", "settings", "questions");
  private static final List<String> SETTINGS_FIELDS =
      List.of("points", "attempts", "grading", "feedback", "shuffle", "draw", "right_answers");
  private static final List<String> COMMON = List.of("id", "kind", "prompt", "weight");
  private static final Map<String, List<String>> KIND_FIELDS =
      Map.of(
          "single", List.of("options", "checks"),
          "multiple", List.of("options", "checks"),
          "true-false", List.of("options"),
          "ranking", List.of("items", "feedback", "link", "misconception"),
          "matching", List.of("pairs", "distractors"),
          "branching", List.of("scoring", "allow_back", "start", "steps", "endings", "checks"));
  private static final List<String> KINDS =
      List.of("single", "multiple", "true-false", "ranking", "matching", "branching");
  private static final List<String> OPTION_FIELDS =
      List.of("id", "text", "correct", "feedback", "link", "misconception", "fixed");
  private static final List<String> ITEM_FIELDS = List.of("id", "text", "tier");
  private static final List<String> PAIR_FIELDS =
      List.of("id", "left", "right", "feedback", "link");
  private static final List<String> DISTRACTOR_FIELDS =
      List.of("id", "text", "feedback", "link", "misconception");
  private static final List<String> STEP_FIELDS = List.of("id", "text", "choices");
  private static final List<String> CHOICE_FIELDS =
      List.of("id", "text", "points", "next", "feedback", "link", "misconception", "fixed");
  private static final List<String> ENDING_FIELDS =
      List.of("id", "text", "score", "debrief", "link");

  /**
   * A quiz with the places of what the cross-file checks need.
   *
   * @param links content links ({@code lesson-id#anchor}) from link fields and prompts
   * @param branching each branching question with the places of its steps and endings
   */
  record Read(
      Quiz quiz,
      Location idAt,
      List<Fields.Located> lessonRefs,
      List<Fields.Located> links,
      List<Fields.Located> misconceptions,
      List<BranchingPlaces> branching,
      List<QuestionPlaces> questions) {}

  /**
   * Where a choice or branching question and its options were written, and the item-writing checks
   * it downgrades to warnings, for {@link ItemWritingChecks}.
   *
   * @param options each option's place by id; for a branching question by {@code step/choice}
   * @param downgrades check name to the author's reason, located where the check is named
   */
  record QuestionPlaces(
      Question question,
      Location at,
      Map<String, Location> options,
      Map<String, Fields.Located> downgrades) {}

  /** Where a branching question's parts were written, for the graph checks and the report. */
  record BranchingPlaces(
      Question.Branching question,
      Location at,
      Location startAt,
      Map<String, Location> steps,
      Map<String, Location> endings,
      Map<String, Location> choices) {}

  private final String file;
  private final Problems problems;
  private final List<Fields.Located> links = new ArrayList<>();
  private final List<Fields.Located> misconceptions = new ArrayList<>();
  private final List<BranchingPlaces> branching = new ArrayList<>();
  private final List<QuestionPlaces> questionPlaces = new ArrayList<>();

  private QuizReader(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  static Optional<Read> read(String file, String text, Problems problems) {
    return YamlTree.parse(file, text, 0, problems)
        .map(root -> new QuizReader(file, problems).quiz(root))
        .or(
            () -> {
              if (text.isBlank()) {
                problems.add(Location.start(file), "quiz file is empty");
              }
              return Optional.empty();
            });
  }

  private Read quiz(YamlNode root) {
    Fields fields = new Fields(root, "quiz", QUIZ_FIELDS, problems);
    String expectedId = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.yaml$", "");
    String id = fields.requiredText("id").orElse(expectedId);
    if (fields.has("id")) {
      LessonReader.checkFileId(id, expectedId, fields.at("id"), problems);
    }
    String title = fields.requiredText("title").orElse(id);
    String summary = fields.requiredText("summary").orElse("");
    int minutes = fields.requiredInteger("minutes").orElse(1);
    if (minutes < 1) {
      problems.add(fields.at("minutes"), "minutes must be at least 1, got " + minutes);
    }
    List<Fields.Located> lessonRefs = fields.words("lessons");

    List<Question> questions = new ArrayList<>();
    Ids questionIds = new Ids("question id", problems);
    List<YamlNode> questionNodes = fields.list("questions", true);
    if (fields.has("questions") && questionNodes.isEmpty()) {
      problems.add(
          fields.at("questions"), "questions is empty: a quiz needs at least one question");
    }
    for (YamlNode node : questionNodes) {
      question(node, questionIds).ifPresent(questions::add);
    }
    QuizSettings settings = settings(fields, questions.size());
    Quiz quiz =
        new Quiz(
            id,
            title,
            summary,
            minutes,
            settings,
            lessonRefs.stream().map(Fields.Located::value).toList(),
            questions,
            file);
    return new Read(
        quiz, fields.at("id"), lessonRefs, links, misconceptions, branching, questionPlaces);
  }

  private QuizSettings settings(Fields quiz, int poolSize) {
    if (!quiz.has("settings")) {
      problems.add(quiz.location(), "quiz is missing settings");
      return new QuizSettings(
          1, 0, GradingMethod.HIGHEST, FeedbackTiming.AFTER_EACH, false, 0, RightAnswers.DEFAULT);
    }
    Fields fields =
        new Fields(quiz.node("settings").orElseThrow(), "settings", SETTINGS_FIELDS, problems);
    double points = fields.requiredNumber("points").orElse(1.0);
    if (points <= 0) {
      problems.add(fields.at("points"), "points must be more than 0, got " + number(points));
      points = 1;
    }
    int attempts = fields.integer("attempts").orElse(0);
    if (attempts < 0) {
      problems.add(
          fields.at("attempts"), "attempts must be 0 (unlimited) or more, got " + attempts);
      attempts = 0;
    }
    GradingMethod grading =
        word(fields, "grading", Stream.of(GradingMethod.values()).map(GradingMethod::word).toList())
            .map(GradingMethod::fromWord)
            .orElse(GradingMethod.HIGHEST);
    FeedbackTiming feedback =
        word(
                fields,
                "feedback",
                Stream.of(FeedbackTiming.values()).map(FeedbackTiming::word).toList())
            .map(FeedbackTiming::fromWord)
            .orElse(FeedbackTiming.AFTER_EACH);
    boolean shuffle = fields.bool("shuffle").orElse(false);
    int draw = fields.integer("draw").orElse(0);
    if (draw < 0) {
      problems.add(fields.at("draw"), "draw must be 0 (all questions) or more, got " + draw);
      draw = 0;
    } else if (draw > poolSize && poolSize > 0) {
      problems.add(
          fields.at("draw"),
          "draw " + draw + " is more than the " + poolSize + " questions in the quiz");
    }
    RightAnswers rightAnswers =
        word(fields, "right_answers", RightAnswers.words())
            .map(RightAnswers::fromWord)
            .orElse(RightAnswers.DEFAULT);
    return new QuizSettings(points, attempts, grading, feedback, shuffle, draw, rightAnswers);
  }

  private Optional<String> word(Fields fields, String key, List<String> allowed) {
    return fields
        .text(key)
        .filter(
            value -> {
              if (!allowed.contains(value)) {
                problems.add(
                    fields.at(key),
                    key + " must be one of " + String.join(", ", allowed) + ", got " + value);
                return false;
              }
              return true;
            });
  }

  private Optional<Question> question(YamlNode node, Ids questionIds) {
    String kind = null;
    if (node instanceof YamlNode.Mapping mapping
        && mapping.fields().containsKey("kind")
        && mapping.fields().get("kind").value() instanceof YamlNode.Scalar scalar
        && KINDS.contains(scalar.text())) {
      kind = scalar.text();
    }
    List<String> allowed = new ArrayList<>(COMMON);
    if (kind != null) {
      allowed.addAll(KIND_FIELDS.get(kind));
    } else {
      // the kind is missing or wrong: report that, not every field of every other kind
      KIND_FIELDS.values().stream().flatMap(List::stream).distinct().forEach(allowed::add);
    }
    Fields fields = new Fields(node, "question", allowed, problems);
    Optional<String> id = fields.requiredText("id");
    id.ifPresent(
        value -> {
          Ids.checkInner(value, fields.at("id"), "question id", problems);
          questionIds.add(value, fields.at("id"));
        });
    Optional<String> kindWord = fields.requiredText("kind");
    if (kindWord.isPresent() && kind == null) {
      problems.add(
          fields.at("kind"),
          "kind must be one of " + String.join(", ", KINDS) + ", got " + kindWord.get());
    }
    String prompt =
        fields
            .requiredText("prompt")
            .map(text -> renderPrompt(text, fields.at("prompt")))
            .orElse("");
    double weight = fields.number("weight").orElse(1.0);
    if (weight <= 0) {
      problems.add(fields.at("weight"), "weight must be more than 0, got " + number(weight));
      weight = 1;
    }
    if (id.isEmpty() || kind == null) {
      return Optional.empty();
    }
    return Optional.of(
        switch (kind) {
          case "single" -> choice(fields, id.get(), ChoiceKind.SINGLE, prompt, weight);
          case "multiple" -> choice(fields, id.get(), ChoiceKind.MULTIPLE, prompt, weight);
          case "true-false" -> choice(fields, id.get(), ChoiceKind.TRUE_FALSE, prompt, weight);
          case "ranking" -> ranking(fields, id.get(), prompt, weight);
          case "matching" -> matching(fields, id.get(), prompt, weight);
          default -> branching(fields, id.get(), prompt, weight);
        });
  }

  private String renderPrompt(String text, Location at) {
    Markdown.Rendered rendered = Markdown.prompt(text);
    // a prompt's lines inside a YAML scalar cannot be mapped back reliably: report at the prompt
    rendered.links().forEach(link -> links.add(new Fields.Located(link.destination(), at)));
    return rendered.html();
  }

  private Question choice(
      Fields question, String id, ChoiceKind kind, String prompt, double weight) {
    Map<String, Location> optionPlaces = new LinkedHashMap<>();
    Map<String, Fields.Located> downgrades =
        downgrades(
            question,
            kind == ChoiceKind.SINGLE
                ? ItemWritingChecks.DOWNGRADABLE
                : kind == ChoiceKind.MULTIPLE ? ItemWritingChecks.FOR_MULTIPLE : List.of(),
            id);
    Question.Choice result = choiceQuestion(question, id, kind, prompt, weight, optionPlaces);
    questionPlaces.add(new QuestionPlaces(result, question.location(), optionPlaces, downgrades));
    return result;
  }

  private Question.Choice choiceQuestion(
      Fields question,
      String id,
      ChoiceKind kind,
      String prompt,
      double weight,
      Map<String, Location> optionPlaces) {
    List<Option> options = new ArrayList<>();
    Ids optionIds = new Ids("option id", problems);
    for (YamlNode node : question.list("options", true)) {
      Fields fields = new Fields(node, "option", OPTION_FIELDS, problems);
      Optional<String> optionId = fields.requiredText("id");
      optionId.ifPresent(
          value -> {
            Ids.checkInner(value, fields.at("id"), "option id", problems);
            optionIds.add(value, fields.at("id"));
          });
      String text = fields.requiredText("text").orElse("");
      boolean correct = fields.bool("correct").orElse(false);
      String feedback = fields.requiredText("feedback").orElse("");
      String link = link(fields);
      String misconception = misconception(fields);
      boolean fixed = fields.bool("fixed").orElse(false);
      checkPositionalText(text, fields.at("text"));
      optionId.ifPresent(
          value -> {
            options.add(new Option(value, text, correct, feedback, link, misconception, fixed));
            optionPlaces.putIfAbsent(value, fields.location());
          });
    }
    Location at = question.at("options");
    String kindWord =
        kind == ChoiceKind.TRUE_FALSE
            ? "true-false"
            : kind.name().toLowerCase(java.util.Locale.ROOT);
    long correct = options.stream().filter(Option::correct).count();
    if (question.has("options") && options.isEmpty()) {
      problems.add(at, kindWord + " question needs options, got none");
    }
    if (question.has("options") && !options.isEmpty()) {
      if (kind == ChoiceKind.TRUE_FALSE) {
        List<String> ids = options.stream().map(Option::id).sorted().toList();
        if (!ids.equals(List.of("false", "true"))) {
          problems.add(
              at,
              "true-false options must have the ids true and false, got "
                  + (ids.isEmpty()
                      ? "none"
                      : String.join(", ", options.stream().map(Option::id).toList())));
        }
      } else if (options.size() < 2) {
        problems.add(at, kindWord + " question needs at least 2 options, got " + options.size());
        return new Question.Choice(id, kind, prompt, weight, options);
      }
      if (kind == ChoiceKind.MULTIPLE && correct < 2) {
        problems.add(
            at,
            "multiple question needs at least 2 correct options (use single for one), got "
                + correct);
      } else if (kind != ChoiceKind.MULTIPLE && correct != 1) {
        problems.add(at, kindWord + " question needs exactly 1 correct option, got " + correct);
      }
    }
    return new Question.Choice(id, kind, prompt, weight, options);
  }

  private Question ranking(Fields question, String id, String prompt, double weight) {
    List<RankItem> items = new ArrayList<>();
    List<Fields.Located> tiered = new ArrayList<>();
    Ids itemIds = new Ids("item id", problems);
    for (YamlNode node : question.list("items", true)) {
      Fields fields = new Fields(node, "item", ITEM_FIELDS, problems);
      Optional<String> itemId = fields.requiredText("id");
      itemId.ifPresent(
          value -> {
            Ids.checkInner(value, fields.at("id"), "item id", problems);
            itemIds.add(value, fields.at("id"));
          });
      String text = fields.requiredText("text").orElse("");
      int tier = fields.integer("tier").orElse(0);
      if (fields.has("tier")) {
        tiered.add(new Fields.Located(String.valueOf(tier), fields.at("tier")));
        if (tier < 1) {
          problems.add(fields.at("tier"), "tier must be 1 (first) or more, got " + tier);
        }
      }
      itemId.ifPresent(value -> items.add(new RankItem(value, text, tier)));
    }
    if (question.has("items") && items.size() < 2) {
      problems.add(
          question.at("items"), "ranking question needs at least 2 items, got " + items.size());
    }
    checkTiers(question, items, tiered);
    String feedback = question.requiredText("feedback").orElse("");
    return new Question.Ranking(
        id, prompt, weight, items, feedback, link(question), misconception(question));
  }

  private Question matching(Fields question, String id, String prompt, double weight) {
    // pairs and distractors share one id space: a student's match names either
    Ids choiceIds = new Ids("pair or distractor id", problems);
    List<Pair> pairs = new ArrayList<>();
    for (YamlNode node : question.list("pairs", true)) {
      Fields fields = new Fields(node, "pair", PAIR_FIELDS, problems);
      Optional<String> pairId = fields.requiredText("id");
      pairId.ifPresent(
          value -> {
            Ids.checkInner(value, fields.at("id"), "pair id", problems);
            choiceIds.add(value, fields.at("id"));
          });
      String left = fields.requiredText("left").orElse("");
      String right = fields.requiredText("right").orElse("");
      checkPositionalText(right, fields.at("right"));
      String feedback = fields.requiredText("feedback").orElse("");
      String link = link(fields);
      pairId.ifPresent(value -> pairs.add(new Pair(value, left, right, feedback, link)));
    }
    if (question.has("pairs") && pairs.size() < 2) {
      problems.add(
          question.at("pairs"), "matching question needs at least 2 pairs, got " + pairs.size());
    }
    List<Option> distractors = new ArrayList<>();
    for (YamlNode node : question.list("distractors", false)) {
      Fields fields = new Fields(node, "distractor", DISTRACTOR_FIELDS, problems);
      Optional<String> distractorId = fields.requiredText("id");
      distractorId.ifPresent(
          value -> {
            Ids.checkInner(value, fields.at("id"), "distractor id", problems);
            choiceIds.add(value, fields.at("id"));
          });
      String text = fields.requiredText("text").orElse("");
      checkPositionalText(text, fields.at("text"));
      String feedback = fields.requiredText("feedback").orElse("");
      String link = link(fields);
      String misconception = misconception(fields);
      distractorId.ifPresent(
          value -> distractors.add(new Option(value, text, false, feedback, link, misconception)));
    }
    return new Question.Matching(id, prompt, weight, pairs, distractors);
  }

  private Question branching(Fields question, String id, String prompt, double weight) {
    Map<String, Fields.Located> downgrades =
        downgrades(question, ItemWritingChecks.FOR_BRANCHING, id);
    BranchScoring scoring =
        word(question, "scoring", List.of("path-sum", "ending"))
            .map(w -> w.equals("ending") ? BranchScoring.ENDING : BranchScoring.PATH_SUM)
            .orElse(BranchScoring.PATH_SUM);
    boolean allowBack = question.bool("allow_back").orElse(false);
    Optional<String> start = question.requiredText("start");
    // steps and endings share one id space: a choice's next names either
    Ids nodeIds = new Ids("step or ending id", problems);
    Map<String, Location> stepPlaces = new LinkedHashMap<>();
    Map<String, Location> endingPlaces = new LinkedHashMap<>();
    Map<String, Location> choicePlaces = new LinkedHashMap<>();
    List<Fields.Located> targets = new ArrayList<>();

    List<Step> steps = new ArrayList<>();
    List<YamlNode> stepNodes = question.list("steps", true);
    if (question.has("steps") && stepNodes.isEmpty()) {
      problems.add(
          question.at("steps"), "steps is empty: a branching question needs at least one step");
    }
    for (YamlNode node : stepNodes) {
      Fields fields = new Fields(node, "step", STEP_FIELDS, problems);
      Optional<String> stepId = fields.requiredText("id");
      stepId.ifPresent(
          value -> {
            Ids.checkInner(value, fields.at("id"), "step id", problems);
            nodeIds.add(value, fields.at("id"));
            stepPlaces.putIfAbsent(value, fields.at("id"));
          });
      String text = fields.requiredText("text").orElse("");
      List<BranchChoice> choices = new ArrayList<>();
      Ids choiceIds = new Ids("choice id", problems);
      for (YamlNode choiceNode : fields.list("choices", false)) {
        choice(choiceNode, scoring, choiceIds, targets)
            .ifPresent(
                c -> {
                  choices.add(c.choice());
                  stepId.ifPresent(
                      s -> choicePlaces.putIfAbsent(s + "/" + c.choice().id(), c.at()));
                });
      }
      stepId.ifPresent(value -> steps.add(new Step(value, text, choices)));
    }

    List<Ending> endings = new ArrayList<>();
    List<YamlNode> endingNodes = question.list("endings", true);
    if (question.has("endings") && endingNodes.isEmpty()) {
      problems.add(
          question.at("endings"),
          "endings is empty: a branching question needs at least one ending");
    }
    for (YamlNode node : endingNodes) {
      Fields fields = new Fields(node, "ending", ENDING_FIELDS, problems);
      Optional<String> endingId = fields.requiredText("id");
      endingId.ifPresent(
          value -> {
            Ids.checkInner(value, fields.at("id"), "ending id", problems);
            nodeIds.add(value, fields.at("id"));
            endingPlaces.putIfAbsent(value, fields.at("id"));
          });
      String text = fields.requiredText("text").orElse("");
      // both modes: under path-sum the score rates the outcome, and paths must agree with it
      Optional<Double> score = fields.requiredNumber("score");
      score
          .filter(s -> s < 0 || s > 1)
          .ifPresent(
              s -> problems.add(fields.at("score"), "score must be from 0 to 1, got " + number(s)));
      double value = score.filter(s -> s >= 0 && s <= 1).orElse(0.0);
      String debrief = fields.requiredText("debrief").orElse(null);
      String endingLink = link(fields);
      endingId.ifPresent(e -> endings.add(new Ending(e, text, value, debrief, endingLink)));
    }

    for (Fields.Located target : targets) {
      if (!nodeIds.contains(target.value())) {
        problems.add(
            target.location(),
            "next " + target.value() + " is not a step or ending of question " + id);
      }
    }
    start.ifPresent(
        s -> {
          if (endingPlaces.containsKey(s)) {
            problems.add(
                question.at("start"), "start " + s + " is an ending; start must name a step");
          } else if (!stepPlaces.containsKey(s)) {
            problems.add(question.at("start"), "start " + s + " is not a step of question " + id);
          }
        });
    Question.Branching result =
        new Question.Branching(
            id, prompt, weight, scoring, allowBack, start.orElse(""), steps, endings);
    branching.add(
        new BranchingPlaces(
            result,
            question.location(),
            question.at("start"),
            stepPlaces,
            endingPlaces,
            choicePlaces));
    questionPlaces.add(new QuestionPlaces(result, question.location(), choicePlaces, downgrades));
    return result;
  }

  private record PlacedChoice(BranchChoice choice, Location at) {}

  private Optional<PlacedChoice> choice(
      YamlNode node, BranchScoring scoring, Ids choiceIds, List<Fields.Located> targets) {
    Fields fields = new Fields(node, "choice", CHOICE_FIELDS, problems);
    Optional<String> choiceId = fields.requiredText("id");
    choiceId.ifPresent(
        value -> {
          Ids.checkInner(value, fields.at("id"), "choice id", problems);
          choiceIds.add(value, fields.at("id"));
        });
    String text = fields.requiredText("text").orElse("");
    checkPositionalText(text, fields.at("text"));
    boolean fixed = fields.bool("fixed").orElse(false);
    Optional<Double> points =
        scoring == BranchScoring.PATH_SUM
            ? fields.requiredNumber("points")
            : fields.number("points");
    points
        .filter(p -> p < 0)
        .ifPresent(
            p -> problems.add(fields.at("points"), "points must be 0 or more, got " + number(p)));
    Optional<String> next = fields.requiredText("next");
    next.ifPresent(value -> targets.add(new Fields.Located(value, fields.at("next"))));
    String feedback = fields.requiredText("feedback").orElse("");
    String link = link(fields);
    String misconception = misconception(fields);
    return choiceId.map(
        value ->
            new PlacedChoice(
                new BranchChoice(
                    value,
                    text,
                    points.filter(p -> p >= 0).orElse(0.0),
                    next.orElse(""),
                    feedback,
                    link,
                    misconception,
                    fixed),
                fields.location()));
  }

  /**
   * {@code checks: { longest-option: "why this question is fine as it is" }}: the named
   * item-writing checks report a warning instead of an error for this question.
   */
  private Map<String, Fields.Located> downgrades(
      Fields question, List<String> applicable, String questionId) {
    Map<String, Fields.Located> downgrades = new LinkedHashMap<>();
    Optional<YamlNode> node = question.node("checks");
    if (node.isEmpty()) {
      return downgrades;
    }
    if (!(node.get() instanceof YamlNode.Mapping mapping)) {
      problems.add(
          node.get().location(),
          "checks must name checks with a reason each (longest-option: \"why\"), got "
              + YamlNode.describe(node.get()));
      return downgrades;
    }
    for (YamlNode.Field field : mapping.fields().values()) {
      String name = field.key();
      if (name.equals(ItemWritingChecks.TRUE_FALSE_BALANCE)) {
        problems.add(
            field.keyLocation(),
            "check "
                + name
                + " looks across the whole course and cannot be downgraded"
                + " for one question; balance the true/false keys instead");
        continue;
      }
      if (!ItemWritingChecks.DOWNGRADABLE.contains(name)) {
        problems.add(
            field.keyLocation(),
            "unknown check "
                + name
                + " (checks that can be downgraded: "
                + String.join(", ", ItemWritingChecks.DOWNGRADABLE)
                + ")");
        continue;
      }
      if (!applicable.contains(name)) {
        problems.add(
            field.keyLocation(),
            "check "
                + name
                + " does not look at "
                + question.text("kind").orElse("")
                + " questions, so question "
                + questionId
                + " has nothing to downgrade (checks for it: "
                + String.join(", ", applicable)
                + ")");
        continue;
      }
      if (!(field.value() instanceof YamlNode.Scalar scalar)
          || scalar.type() != YamlNode.Scalar.Type.STRING
          || scalar.text() == null
          || scalar.text().isBlank()) {
        problems.add(
            field.value().location(),
            "downgrading check "
                + name
                + " needs a reason: say why the question is sound as written, got "
                + YamlNode.describe(field.value()));
        continue;
      }
      downgrades.put(name, new Fields.Located(scalar.text().strip(), field.keyLocation()));
    }
    return downgrades;
  }

  /**
   * "All of the above" and its kin point at other options by place; options are shuffled, and such
   * options reward spotting two right-looking answers rather than knowing the subject.
   */
  private void checkPositionalText(String text, Location at) {
    java.util.regex.Matcher matcher = ItemWritingChecks.POSITIONAL.matcher(text);
    if (matcher.find()) {
      problems.add(
          at,
          "\""
              + matcher.group()
              + "\" is not allowed: options are shuffled, and the phrase rewards"
              + " test-wiseness; write each option as an answer in its own right");
    }
  }

  /**
   * Tiers are given for every item or none, in the list's order, with at least two different tiers.
   */
  private void checkTiers(Fields question, List<RankItem> items, List<Fields.Located> tiered) {
    if (tiered.isEmpty()) {
      return;
    }
    if (tiered.size() != items.size()) {
      problems.add(
          question.at("items"),
          "tier is given for "
              + tiered.size()
              + " of "
              + items.size()
              + " items: give every item a tier, or none (then the list order is the ranking)");
      return;
    }
    for (int i = 1; i < tiered.size(); i++) {
      if (Integer.parseInt(tiered.get(i).value()) < Integer.parseInt(tiered.get(i - 1).value())) {
        problems.add(
            tiered.get(i).location(),
            "tier "
                + tiered.get(i).value()
                + " comes after tier "
                + tiered.get(i - 1).value()
                + ": list the items in the right order, first tier first");
        return;
      }
    }
    if (tiered.stream().map(Fields.Located::value).distinct().count() < 2) {
      problems.add(
          question.at("items"),
          "every item has tier "
              + tiered.get(0).value()
              + ": nothing is left to rank; give the items at least two different tiers");
    }
  }

  private String link(Fields fields) {
    Optional<String> link = fields.text("link");
    link.ifPresent(value -> links.add(new Fields.Located(value, fields.at("link"))));
    return link.orElse(null);
  }

  private String misconception(Fields fields) {
    Optional<String> tag = fields.text("misconception");
    tag.ifPresent(
        value -> misconceptions.add(new Fields.Located(value, fields.at("misconception"))));
    return tag.orElse(null);
  }

  /** 2 rather than 2.0 in messages. */
  static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
