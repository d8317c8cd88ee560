package com.recoverylab.content;

import com.recoverylab.content.Question.BranchChoice;
import com.recoverylab.content.Question.ChoiceKind;
import com.recoverylab.content.Question.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for the cues a test-wise student uses instead of knowing the subject: the longest option is
 * the key, the key sits in the same place, absolute words mark the wrong options, true/false keys
 * lean one way, and a wrong option that is as defensible as the key. The rules and their thresholds
 * are documented in {@code docs/content-format.md}. A question may downgrade a check to a warning
 * with {@code checks: { name: "reason" }}; the course-wide true/false balance cannot be.
 */
final class ItemWritingChecks {
  static final String LONGEST_OPTION = "longest-option";
  static final String KEY_POSITION = "key-position";
  static final String ABSOLUTE_WORDS = "absolute-words";
  static final String DEFENSIBLE_DISTRACTOR = "defensible-distractor";
  static final String TRUE_FALSE_BALANCE = "true-false-balance";
  static final List<String> DOWNGRADABLE =
      List.of(LONGEST_OPTION, KEY_POSITION, ABSOLUTE_WORDS, DEFENSIBLE_DISTRACTOR);

  /** The checks that look at a multiple-response question, and at a branching question's steps. */
  static final List<String> FOR_MULTIPLE = List.of(LONGEST_OPTION, KEY_POSITION, ABSOLUTE_WORDS);

  static final List<String> FOR_BRANCHING = List.of(KEY_POSITION, ABSOLUTE_WORDS);

  /** Options that refer to other options by place, which shuffling breaks. */
  static final Pattern POSITIONAL =
      Pattern.compile(
          "\\b(all|none|both|neither|any) of the (above|previous|preceding|options above|answers above)\\b",
          Pattern.CASE_INSENSITIVE);

  /**
   * Words that make a statement sweeping; wrong options collect them when authors write in a hurry.
   */
  static final Pattern ABSOLUTE =
      Pattern.compile(
          "\\b(always|never|completely|entirely|totally|absolutely|must|only|all|none|every|everything|nothing|"
              + "guaranteed?|guarantees|forever|no one)\\b",
          Pattern.CASE_INSENSITIVE);

  /** Feedback that opens by agreeing with the option: the author thinks it is right too. */
  static final Pattern AFFIRMING =
      Pattern.compile(
          "^(yes|right|correct|exactly|true|good|great|that works|this works|that helps|also (right|correct|good|fine|works))\\b",
          Pattern.CASE_INSENSITIVE);

  /** Two options this alike (shared content words / all content words) say the same thing. */
  static final double NEAR_DUPLICATE = 0.75;

  /** The key's slot may repeat in at most this share of a file's questions and steps. */
  static final double SAME_SLOT_SHARE = 0.6;

  /** A key-slot pattern needs this many questions and steps in the file to mean anything. */
  static final int SAME_SLOT_MINIMUM = 4;

  /**
   * True/false keys may lean one way in at most this share of the course's true/false questions.
   */
  static final double TRUE_FALSE_SHARE = 0.6;

  /** Fewer true/false questions than this are too few to call unbalanced. */
  static final int TRUE_FALSE_MINIMUM = 4;

  private static final Set<String> STOP_WORDS =
      Set.of(
          "the", "and", "for", "with", "your", "you", "her", "his", "their", "them", "that", "this",
          "then", "than", "from", "into", "onto", "before", "after", "are", "was", "its", "but");

  private final Problems problems;

  /** The downgrades that turned an error into a warning; any other downgrade is stale. */
  private final Map<QuizReader.QuestionPlaces, Set<String>> used =
      new java.util.IdentityHashMap<>();

  private ItemWritingChecks(Problems problems) {
    this.problems = problems;
  }

  static void check(List<QuizReader.Read> quizzes, Problems problems) {
    ItemWritingChecks checks = new ItemWritingChecks(problems);
    List<QuizReader.Read> byFile =
        quizzes.stream()
            .sorted(Comparator.comparing((QuizReader.Read r) -> r.quiz().source()))
            .toList();
    for (QuizReader.Read read : byFile) {
      List<KeySlot> slots = new ArrayList<>();
      for (QuizReader.QuestionPlaces places : read.questions()) {
        if (places.question() instanceof Question.Choice choice) {
          checks.choice(places, choice, slots);
        } else if (places.question() instanceof Question.Branching branching) {
          checks.branching(places, branching, slots);
        }
      }
      checks.keySlots(slots);
      checks.staleDowngrades(read);
    }
    checks.trueFalseBalance(byFile);
  }

  /** A downgrade the question no longer needs hides nothing, and would hide a future problem. */
  private void staleDowngrades(QuizReader.Read read) {
    for (QuizReader.QuestionPlaces places : read.questions()) {
      for (Map.Entry<String, Fields.Located> downgrade : places.downgrades().entrySet()) {
        if (!used.getOrDefault(places, Set.of()).contains(downgrade.getKey())) {
          problems.add(
              downgrade.getValue().location(),
              "check "
                  + downgrade.getKey()
                  + " is downgraded, but question "
                  + places.question().id()
                  + " passes it: remove the downgrade");
        }
      }
    }
  }

  private void markUsed(QuizReader.QuestionPlaces places, String check) {
    used.computeIfAbsent(places, p -> new HashSet<>()).add(check);
  }

  private void choice(
      QuizReader.QuestionPlaces places, Question.Choice question, List<KeySlot> slots) {
    if (question.choiceKind() == ChoiceKind.TRUE_FALSE || question.options().size() < 2) {
      return;
    }
    List<Option> keys = question.options().stream().filter(Option::correct).toList();
    List<Option> distractors = question.options().stream().filter(o -> !o.correct()).toList();
    if (keys.isEmpty() || distractors.isEmpty()) {
      return; // the reader has reported the wrong number of correct options
    }
    longestOption(places, question, keys, distractors);
    absoluteWords(
        places,
        "question " + question.id(),
        keys.stream().map(Option::text).toList(),
        distractors.stream()
            .map(o -> new Labelled(o.id(), o.text(), places.options().get(o.id())))
            .toList());
    if (question.choiceKind() == ChoiceKind.SINGLE) {
      defensible(places, keys.get(0), distractors);
    }
    Option firstKey = keys.get(0);
    int slot = question.options().indexOf(firstKey) + 1;
    if (firstKey.fixed()) {
      report(
          places,
          KEY_POSITION,
          places.options().get(firstKey.id()),
          "the key "
              + firstKey.id()
              + " of question "
              + question.id()
              + " is fixed in place "
              + slot
              + ": every attempt shows the answer in the same slot; let it be shuffled");
    }
    slots.add(
        new KeySlot(
            places, "question " + question.id(), slot, places.options().get(firstKey.id())));
  }

  private void branching(
      QuizReader.QuestionPlaces places, Question.Branching question, List<KeySlot> slots) {
    for (Question.Step step : question.steps()) {
      if (step.choices().size() < 2) {
        continue;
      }
      double best = step.choices().stream().mapToDouble(BranchChoice::points).max().orElse(0);
      List<BranchChoice> bestChoices =
          step.choices().stream().filter(c -> c.points() == best).toList();
      if (bestChoices.size() != 1) {
        continue; // no single best choice (equal points, or ending scoring without points)
      }
      BranchChoice key = bestChoices.get(0);
      String where = "step " + step.id() + " of question " + question.id();
      absoluteWords(
          places,
          where,
          List.of(key.text()),
          step.choices().stream()
              .filter(c -> c != key)
              .map(
                  c ->
                      new Labelled(
                          c.id(), c.text(), places.options().get(step.id() + "/" + c.id())))
              .toList());
      int slot = step.choices().indexOf(key) + 1;
      Location at = places.options().get(step.id() + "/" + key.id());
      if (key.fixed()) {
        report(
            places,
            KEY_POSITION,
            at,
            "the best choice "
                + key.id()
                + " of "
                + where
                + " is fixed in place "
                + slot
                + ": every attempt shows it in the same slot; let it be shuffled");
      }
      slots.add(new KeySlot(places, where, slot, at));
    }
  }

  /**
   * Single: the key is longer than every distractor. Multiple: every key is longer than every
   * distractor.
   */
  private void longestOption(
      QuizReader.QuestionPlaces places,
      Question.Choice question,
      List<Option> keys,
      List<Option> distractors) {
    if (question.options().stream().anyMatch(o -> o.text().isBlank())) {
      return; // the reader has reported the missing text
    }
    int shortestKey = keys.stream().mapToInt(o -> length(o.text())).min().orElse(0);
    Option longestDistractor =
        distractors.stream().max(Comparator.comparingInt(o -> length(o.text()))).orElseThrow();
    if (shortestKey <= length(longestDistractor.text())) {
      return;
    }
    String message =
        keys.size() == 1
            ? "the key "
                + keys.get(0).id()
                + " of question "
                + question.id()
                + " is the longest option ("
                + shortestKey
                + " characters; the longest wrong option, "
                + longestDistractor.id()
                + ", has "
                + length(longestDistractor.text())
                + ")"
            : "every key of question "
                + question.id()
                + " is longer than every wrong option (shortest key "
                + shortestKey
                + " characters; longest wrong option, "
                + longestDistractor.id()
                + ", "
                + length(longestDistractor.text())
                + ")";
    Location at = keys.size() == 1 ? places.options().get(keys.get(0).id()) : places.at();
    report(
        places,
        LONGEST_OPTION,
        at,
        message
            + ": test-wise students pick the longest; give the wrong options the same length and detail");
  }

  private record Labelled(String id, String text, Location at) {}

  /** Absolute words in wrong options but in no right one tell a student which options to drop. */
  private void absoluteWords(
      QuizReader.QuestionPlaces places,
      String where,
      List<String> keyTexts,
      List<Labelled> distractors) {
    if (keyTexts.stream().anyMatch(t -> !absoluteWordsIn(t).isEmpty())) {
      return;
    }
    List<String> marked = new ArrayList<>();
    Location first = null;
    for (Labelled distractor : distractors) {
      Set<String> words = absoluteWordsIn(distractor.text());
      if (!words.isEmpty()) {
        marked.add(distractor.id() + " (" + String.join(", ", words) + ")");
        first = first == null ? distractor.at() : first;
      }
    }
    if (!marked.isEmpty()) {
      report(
          places,
          ABSOLUTE_WORDS,
          first,
          "absolute words only in wrong options of "
              + where
              + ": "
              + String.join("; ", marked)
              + ": they mark the options to drop; word the wrong options as carefully as"
              + " the right one");
    }
  }

  static Set<String> absoluteWordsIn(String text) {
    Set<String> words = new LinkedHashSet<>();
    // "none of the above" is refused on its own; its "none" is not counted twice
    Matcher matcher = ABSOLUTE.matcher(POSITIONAL.matcher(text).replaceAll(" "));
    while (matcher.find()) {
      words.add(matcher.group().toLowerCase(Locale.ROOT));
    }
    return words;
  }

  /**
   * A wrong option of a single-choice question is defensible when nothing says what is wrong with
   * it (no misconception tag), its feedback agrees with it, or it says the same as the key.
   */
  private void defensible(QuizReader.QuestionPlaces places, Option key, List<Option> distractors) {
    String id = places.question().id();
    for (Option option : distractors) {
      Location at = places.options().get(option.id());
      if (option.misconception() == null) {
        report(
            places,
            DEFENSIBLE_DISTRACTOR,
            at,
            "wrong option "
                + option.id()
                + " of single-choice question "
                + id
                + " names no misconception: say which mistaken belief it catches, or it may be as defensible as the key");
      }
      if (option.feedback() != null && AFFIRMING.matcher(option.feedback().strip()).find()) {
        report(
            places,
            DEFENSIBLE_DISTRACTOR,
            at,
            "the feedback of wrong option "
                + option.id()
                + " of single-choice"
                + " question "
                + id
                + " agrees with it (\""
                + firstWords(option.feedback())
                + "\"): if it is right too,"
                + " the question has two answers");
      }
      double alike = similarity(key.text(), option.text());
      if (alike >= NEAR_DUPLICATE) {
        report(
            places,
            DEFENSIBLE_DISTRACTOR,
            at,
            "wrong option "
                + option.id()
                + " of single-choice question "
                + id
                + " says nearly the same as the key "
                + key.id()
                + " ("
                + Math.round(alike * 100)
                + " % of their words shared): both are defensible; make the difference a matter of substance");
      }
    }
  }

  private record KeySlot(QuizReader.QuestionPlaces places, String where, int slot, Location at) {}

  /** Keys that sit in the same slot through a file teach students where to look. */
  private void keySlots(List<KeySlot> slots) {
    // a question that downgrades key-position needs it when it would join a pattern counted with it
    for (List<KeySlot> pattern : patterns(slots)) {
      pattern.stream()
          .filter(s -> s.places().downgrades().containsKey(KEY_POSITION))
          .forEach(s -> markUsed(s.places(), KEY_POSITION));
    }
    List<KeySlot> counted =
        slots.stream().filter(s -> !s.places().downgrades().containsKey(KEY_POSITION)).toList();
    for (List<KeySlot> same : patterns(counted)) {
      problems.add(
          same.get(0).at(),
          KEY_POSITION
              + ": the key is written in place "
              + same.get(0).slot()
              + " in "
              + same.size()
              + " of "
              + counted.size()
              + " questions and steps of this file (more than "
              + Math.round(SAME_SLOT_SHARE * 100)
              + " %): "
              + String.join(", ", same.stream().map(KeySlot::where).toList())
              + "; vary where the key is written (or downgrade key-position with a reason on the questions that must"
              + " keep it)");
    }
  }

  /**
   * The groups of keys that share one slot in more than the allowed share of the given questions
   * and steps.
   */
  private static List<List<KeySlot>> patterns(List<KeySlot> slots) {
    if (slots.size() < SAME_SLOT_MINIMUM) {
      return List.of();
    }
    Map<Integer, List<KeySlot>> bySlot = new java.util.TreeMap<>();
    slots.forEach(s -> bySlot.computeIfAbsent(s.slot(), k -> new ArrayList<>()).add(s));
    return bySlot.values().stream()
        .filter(same -> same.size() > SAME_SLOT_SHARE * slots.size())
        .toList();
  }

  /** Myths keyed "false" again and again teach students to answer "false". */
  private void trueFalseBalance(List<QuizReader.Read> quizzes) {
    Map<Boolean, List<Location>> byKey = new HashMap<>();
    Map<Boolean, List<String>> names = new HashMap<>();
    for (QuizReader.Read read : quizzes) {
      for (QuizReader.QuestionPlaces places : read.questions()) {
        if (places.question() instanceof Question.Choice choice
            && choice.choiceKind() == ChoiceKind.TRUE_FALSE) {
          choice.options().stream()
              .filter(Option::correct)
              .findFirst()
              .ifPresent(
                  key -> {
                    boolean keyTrue = key.id().equals("true");
                    Location at = places.options().get(key.id());
                    byKey.computeIfAbsent(keyTrue, k -> new ArrayList<>()).add(at);
                    names
                        .computeIfAbsent(keyTrue, k -> new ArrayList<>())
                        .add(at.file() + ":" + at.line());
                  });
        }
      }
    }
    int total = byKey.values().stream().mapToInt(List::size).sum();
    if (total < TRUE_FALSE_MINIMUM) {
      return;
    }
    for (boolean keyTrue : new boolean[] {true, false}) {
      List<Location> same = byKey.getOrDefault(keyTrue, List.of());
      if (same.size() > TRUE_FALSE_SHARE * total) {
        problems.add(
            same.get(0),
            TRUE_FALSE_BALANCE
                + ": "
                + same.size()
                + " of the course's "
                + total
                + " true/false questions are keyed "
                + keyTrue
                + " (more than "
                + Math.round(TRUE_FALSE_SHARE * 100)
                + " %): students learn to answer "
                + keyTrue
                + "; write some statements that are "
                + !keyTrue
                + " (keyed "
                + keyTrue
                + ": "
                + String.join(", ", names.get(keyTrue))
                + ")");
      }
    }
  }

  /**
   * Reports an error, or a warning with the author's reason when the question downgrades the check.
   */
  private void report(QuizReader.QuestionPlaces places, String check, Location at, String message) {
    Location where = at == null ? places.at() : at;
    Fields.Located downgrade = places.downgrades().get(check);
    if (downgrade == null) {
      problems.add(where, check + ": " + message);
    } else {
      markUsed(places, check);
      problems.warn(
          where, "warning, " + check + " downgraded (" + downgrade.value() + "): " + message);
    }
  }

  private static int length(String text) {
    String stripped = text.strip();
    return stripped.codePointCount(0, stripped.length());
  }

  /** Shared content words / all content words of the two texts (Jaccard), 0 to 1. */
  static double similarity(String a, String b) {
    Set<String> left = contentWords(a);
    Set<String> right = contentWords(b);
    if (left.isEmpty() || right.isEmpty()) {
      return 0;
    }
    Set<String> shared = new HashSet<>(left);
    shared.retainAll(right);
    Set<String> all = new HashSet<>(left);
    all.addAll(right);
    return (double) shared.size() / all.size();
  }

  private static Set<String> contentWords(String text) {
    Set<String> words = new HashSet<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.length() >= 3 && !STOP_WORDS.contains(word)) {
        words.add(word);
      }
    }
    return words;
  }

  private static String firstWords(String text) {
    String[] words = text.strip().split("\\s+");
    return String.join(" ", Arrays.asList(words).subList(0, Math.min(5, words.length)))
        + (words.length > 5 ? " ..." : "");
  }
}
