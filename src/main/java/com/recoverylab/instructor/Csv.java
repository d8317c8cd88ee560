package com.recoverylab.instructor;

import java.util.List;

/**
 * CSV as RFC 4180 writes it (fields with commas, quotes or line breaks quoted, quotes doubled),
 * safe to open in a spreadsheet: a cell starting with {@code = + - @} (or a tab or carriage return)
 * gets a leading apostrophe so it is read as text, never as a formula.
 */
final class Csv {
  private Csv() {}

  static String row(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(cell(cells.get(i)));
    }
    return line.append("\r\n").toString();
  }

  static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
