package com.recoverylab.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads GIFT the way Moodle 4.5's importer does (question/format/gift/format.php and
 * qformat_default): questions are separated by blank lines; comment lines are dropped but their
 * {@code [id:..]} and {@code [tag:..]} kept; {@code \\ \: \# \= \{ \} \~ \n} are escapes; the first
 * {@code {} and {@code }} bound the answers; a {@code ~} means multichoice, {@code =} and {@code
 * ->} matching, {@code T}/{@code F} true/false; weights must match {@code %-?NN.NNN%}; {@code ####}
 * starts the general feedback. Anything Moodle would refuse throws, so a test that parses a file
 * proves the import would keep every question.
 */
public final class GiftTestParser {
  private static final Pattern WEIGHT = Pattern.compile("^%-*([0-9]{1,2})\\.?([0-9]*)%");
  private static final Pattern ID = Pattern.compile("\\[id:((?:\\\\]|[^\\]\\p{Cntrl}])+)]");
  private static final Pattern TAG = Pattern.compile("\\[tag:((?:\\\\]|[^\\]\\p{Cntrl}])+)]");
  private static final String[][] ESCAPES = {
    {"\\:", "\u0001058;"},
    {"\\#", "\u0001035;"},
    {"\\=", "\u0001061;"},
    {"\\{", "\u0001123;"},
    {"\\}", "\u0001125;"},
    {"\\~", "\u0001126;"},
    {"\\n", "\u0001010;"}
  };
  private static final String[] CHARS = {":", "#", "=", "{", "}", "~", "\n"};

  private GiftTestParser() {}

  public record Answer(String text, double fraction, String feedback) {}

  public record Match(String question, String answer) {}

  public record Parsed(
      String category,
      String name,
      String idnumber,
      List<String> tags,
      String format,
      String text,
      String type,
      List<Answer> answers,
      List<Match> matches,
      boolean single,
      Boolean trueFalseKey,
      String feedbackTrue,
      String feedbackFalse,
      String generalFeedback) {}

  /** Every question of the file, each with the category in force for it. */
  public static List<Parsed> parse(String file) {
    List<Parsed> questions = new ArrayList<>();
    String category = null;
    for (List<String> block : blocks(file)) {
      StringBuilder comments = new StringBuilder();
      List<String> lines = new ArrayList<>();
      for (String line : block) {
        if (line.trim().startsWith("//")) {
          comments.append(line.trim()).append('\n');
          lines.add(" ");
        } else {
          lines.add(line);
        }
      }
      String text = String.join("\n", lines).trim();
      if (text.isEmpty()) {
        continue;
      }
      text = pre(text);
      if (text.startsWith("$CATEGORY:")) {
        category = text.substring(10).trim();
        continue;
      }
      questions.add(question(text, comments.toString(), category));
    }
    return questions;
  }

  private static List<List<String>> blocks(String file) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : file.split("\n", -1)) {
      if (line.trim().isEmpty()) {
        if (!current.isEmpty()) {
          blocks.add(current);
          current = new ArrayList<>();
        }
      } else {
        current.add(line);
      }
    }
    if (!current.isEmpty()) {
      blocks.add(current);
    }
    return blocks;
  }

  private static String pre(String text) {
    String out = text.replace("\\\\", "\u0001092;");
    for (String[] escape : ESCAPES) {
      out = out.replace(escape[0], escape[1]);
    }
    return out.replace("\u0001092;", "\\");
  }

  private static String post(String text) {
    String out = text;
    for (int i = 0; i < ESCAPES.length; i++) {
      out = out.replace(ESCAPES[i][1], CHARS[i]);
    }
    return out;
  }

  private static Parsed question(String source, String comments, String category) {
    String text = source;
    String name = null;
    if (text.startsWith("::")) {
      text = text.substring(2);
      int end = text.indexOf("::");
      if (end < 0) {
        throw new IllegalArgumentException("question name not closed: " + source);
      }
      name = post(text.substring(0, end)).trim();
      text = text.substring(end + 2).trim();
    }
    int start = text.indexOf('{');
    int finish = text.indexOf('}');
    if (start < 0 || finish < 0 || finish < start) {
      throw new IllegalArgumentException("Moodle: braces do not bound the answers in: " + source);
    }
    if (text.indexOf('{', start + 1) >= 0 || text.indexOf('}', finish + 1) >= 0) {
      throw new IllegalArgumentException("an unescaped brace outside the answers: " + source);
    }
    String answers = text.substring(start + 1, finish).trim();
    if (!text.endsWith("}")) {
      throw new IllegalArgumentException(
          "text after the answers would make a missing-word question: " + source);
    }
    String questionPart = text.substring(0, start);
    String general = "";
    int gf = answers.lastIndexOf("####");
    if (gf >= 0) {
      general = answers.substring(gf + 4);
      answers = answers.substring(0, gf).trim();
    }
    String[] formatted = withFormat(questionPart, "moodle");
    String format = formatted[0];
    String generalText = withFormat(general, format)[1];
    String idnumber = null;
    Matcher id = ID.matcher(comments);
    if (id.find()) {
      idnumber = id.group(1).replace("\\]", "]");
    }
    List<String> tags = new ArrayList<>();
    Matcher tag = TAG.matcher(comments);
    while (tag.find()) {
      tags.add(tag.group(1).replace("\\]", "]").trim());
    }
    List<Answer> parsedAnswers = new ArrayList<>();
    List<Match> matches = new ArrayList<>();
    String type;
    boolean single = false;
    Boolean key = null;
    String feedbackTrue = null;
    String feedbackFalse = null;
    if (answers.isEmpty()) {
      throw new IllegalArgumentException("an essay, not a choice question: " + source);
    } else if (answers.charAt(0) == '#') {
      throw new IllegalArgumentException("a numerical question: " + source);
    } else if (answers.contains("~")) {
      type = "multichoice";
      single = answers.contains("=");
      String[] parts = answers.replace("=", "~=").split("~", -1);
      List<String> list = new ArrayList<>(List.of(parts));
      if (list.get(0).trim().isEmpty()) {
        list.remove(0);
      }
      if (list.size() < 2) {
        throw new IllegalArgumentException("Moodle needs at least two answers: " + source);
      }
      for (String part : list) {
        String answer = part.trim();
        double fraction;
        if (answer.startsWith("=")) {
          fraction = 1;
          answer = answer.substring(1);
        } else if (WEIGHT.matcher(answer).find()) {
          String inner = answer.substring(1);
          int end = inner.indexOf('%');
          fraction = Double.parseDouble(inner.substring(0, end)) / 100;
          answer = inner.substring(end + 1);
        } else if (answer.startsWith("%")) {
          throw new IllegalArgumentException("a weight Moodle does not read: " + answer);
        } else {
          fraction = 0;
        }
        String[] bits = answer.split("#", 2);
        parsedAnswers.add(
            new Answer(
                withFormat(bits[0].trim(), format)[1],
                fraction,
                bits.length > 1 ? withFormat(bits[1].trim(), format)[1] : ""));
      }
    } else if (answers.contains("=") && answers.contains("->")) {
      type = "match";
      List<String> list = new ArrayList<>(List.of(answers.split("=", -1)));
      if (list.get(0).trim().isEmpty()) {
        list.remove(0);
      }
      if (list.size() < 2) {
        throw new IllegalArgumentException("Moodle needs at least two answers: " + source);
      }
      for (String part : list) {
        String answer = part.trim();
        int marker = answer.indexOf("->");
        if (marker < 0) {
          throw new IllegalArgumentException("a matching answer without ->: " + answer);
        }
        matches.add(
            new Match(
                withFormat(answer.substring(0, marker), format)[1],
                post(answer.substring(marker + 2)).trim()));
      }
    } else {
      String check =
          answers.contains("#") ? answers.substring(0, answers.indexOf('#')).trim() : answers;
      if (!List.of("T", "TRUE", "F", "FALSE").contains(check)) {
        throw new IllegalArgumentException("a short-answer question, not a choice: " + source);
      }
      type = "truefalse";
      String[] bits = answers.split("#", 3);
      String wrong = bits.length > 1 ? withFormat(bits[1].trim(), format)[1] : "";
      String right = bits.length > 2 ? withFormat(bits[2].trim(), format)[1] : "";
      key = check.startsWith("T");
      feedbackTrue = key ? right : wrong;
      feedbackFalse = key ? wrong : right;
    }
    return new Parsed(
        category,
        name,
        idnumber,
        tags,
        format,
        formatted[1],
        type,
        parsedAnswers,
        matches,
        single,
        key,
        feedbackTrue,
        feedbackFalse,
        generalText);
  }

  /**
   * {@code [format]text} as Moodle's parse_text_with_format reads it: format and unescaped text.
   */
  private static String[] withFormat(String text, String defaultFormat) {
    String format = defaultFormat;
    String body = text;
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      String name = text.substring(1, end);
      if (List.of("moodle", "html", "plain", "markdown").contains(name)) {
        format = name;
        body = text.substring(end + 1);
      }
    }
    return new String[] {format, post(body).trim()};
  }

  /** HTML entities the writer uses, back to characters. */
  public static String unhtml(String html) {
    Map<String, String> entities = new LinkedHashMap<>();
    entities.put("&lt;", "<");
    entities.put("&gt;", ">");
    entities.put("&quot;", "\"");
    entities.put("&amp;", "&");
    String out = html;
    for (Map.Entry<String, String> e : entities.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }
}
