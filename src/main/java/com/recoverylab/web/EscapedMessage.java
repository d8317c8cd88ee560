package com.recoverylab.web;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log message with control characters escaped ({@code \n}, {@code \r}, {@code \t}, {@code
 * \u0000} ...), so a value from a request (an issuer with a newline, a NUL in a name) can neither
 * start a forged log line nor make the log binary. logback.xml uses it as {@code %escapedMsg} for
 * every line.
 */
public final class EscapedMessage extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return escape(super.convert(event));
  }

  static String escape(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
      if (control && out == null) {
        out = new StringBuilder(message.length() + 16).append(message, 0, i);
      }
      if (out == null) {
        continue;
      }
      if (!control) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out == null ? message : out.toString();
  }
}
