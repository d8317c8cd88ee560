package com.recoverylab.instructor;

import com.recoverylab.quiz.AttemptResponses;
import com.recoverylab.web.Messages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The item analysis as CSV rows: a {@code question} row per question with its facility and
 * discrimination, then (with enough learners) an {@code option} row per choice option, or {@code
 * step}, {@code choice}, {@code ending} and {@code unfinished} rows for a branching scenario.
 * {@code count} is what the row's kind counts: attempts that chose the option, reached the step or
 * ending, or took the choice.
 */
final class ItemAnalysisCsv {
  static final List<String> HEADER =
      List.of(
          "attempts_counted",
          "question",
          "question_id",
          "kind",
          "row",
          "id",
          "text",
          "correct",
          "learners",
          "attempts",
          "facility_percent",
          "discrimination",
          "count",
          "top_third",
          "bottom_third",
          "note");
  private static final Messages MESSAGES = new Messages(List.of("messages-instructor"));

  private ItemAnalysisCsv() {}

  static String of(List<ItemStat> items, AttemptResponses.Counting counting) {
    StringBuilder csv = new StringBuilder(Csv.row(HEADER));
    String counted = ItemAnalysis.word(counting);
    for (ItemStat item : items) {
      String note =
          item.enough()
              ? ""
              : MESSAGES.text(
                  Locale.ENGLISH,
                  "instructor.items.tooFew",
                  item.learners(),
                  ItemStatistics.MIN_LEARNERS);
      csv.append(
          row(
              counted,
              item,
              "question",
              item.questionId(),
              "",
              "",
              number(item.facility()),
              item.discrimination() == null ? "" : item.discriminationText(),
              "",
              "",
              "",
              note));
      for (ItemStat.OptionStat option : item.options()) {
        String flag =
            option.flag() == ItemStat.Flag.NONE
                ? ""
                : MESSAGES.text(Locale.ENGLISH, option.flag().messageKey());
        csv.append(
            row(
                counted,
                item,
                "option",
                option.optionId(),
                option.text(),
                Boolean.toString(option.correct()),
                "",
                "",
                Integer.toString(option.chosen()),
                text(option.top()),
                text(option.bottom()),
                flag));
      }
      if (item.paths() != null) {
        for (ItemStat.Node step : item.paths().steps()) {
          csv.append(
              row(
                  counted,
                  item,
                  "step",
                  step.id(),
                  step.label() + ": " + step.text(),
                  "",
                  "",
                  "",
                  Integer.toString(step.reached()),
                  "",
                  "",
                  ""));
        }
        for (ItemStat.Edge choice : item.paths().choices()) {
          csv.append(
              row(
                  counted,
                  item,
                  "choice",
                  choice.from() + "/" + choice.choiceId(),
                  choice.fromLabel() + ": " + choice.text() + " \u2192 " + choice.toLabel(),
                  "",
                  "",
                  "",
                  Integer.toString(choice.taken()),
                  "",
                  "",
                  ""));
        }
        for (ItemStat.Node ending : item.paths().endings()) {
          csv.append(
              row(
                  counted,
                  item,
                  "ending",
                  ending.id(),
                  ending.label() + ": " + ending.text(),
                  "",
                  "",
                  "",
                  Integer.toString(ending.reached()),
                  "",
                  "",
                  ""));
        }
        csv.append(
            row(
                counted,
                item,
                "unfinished",
                "",
                "",
                "",
                "",
                "",
                Integer.toString(item.paths().unfinished()),
                "",
                "",
                ""));
      }
    }
    return csv.toString();
  }

  private static String row(
      String counted,
      ItemStat item,
      String kind,
      String id,
      String text,
      String correct,
      String facility,
      String discrimination,
      String count,
      String top,
      String bottom,
      String note) {
    List<String> cells =
        new ArrayList<>(
            Arrays.asList(
                counted,
                Integer.toString(item.number()),
                item.questionId(),
                item.kind(),
                kind,
                id,
                text,
                correct,
                Integer.toString(item.learners()),
                Integer.toString(item.counted()),
                facility,
                discrimination,
                count,
                top,
                bottom,
                note));
    return Csv.row(cells);
  }

  /** One decimal, no trailing zero: 62.5, 60. */
  private static String number(Double value) {
    return value == null
        ? ""
        : java.math.BigDecimal.valueOf(value)
            .setScale(1, java.math.RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString();
  }

  private static String text(Integer value) {
    return value == null ? "" : value.toString();
  }
}
