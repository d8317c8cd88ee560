package com.recoverylab.web;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A page's UTF-8 bytes, encoded as the template engine writes its text: no intermediate string of
 * the whole page, no second copy to encode it. The same bytes as {@code String.getBytes(UTF_8)} of
 * everything written (a lone surrogate becomes {@code ?}). Not thread-safe; one per request thread.
 */
final class PageBytes extends Writer {
  private static final int INITIAL = 16 * 1024;

  /** Strings are copied in chunks of this many chars to be encoded from an array. */
  static final int CHUNK = 1024;

  private byte[] bytes = new byte[INITIAL];
  private final char[] chunk = new char[CHUNK];
  private int length;

  /** A high surrogate whose low half has not been written yet, or 0. */
  private char pendingHigh;

  void reset() {
    length = 0;
    pendingHigh = 0;
  }

  /** Ends the page: a high surrogate left without its low half is written as {@code ?}. */
  void finish() {
    if (pendingHigh != 0) {
      pendingHigh = 0;
      ensure(1);
      bytes[length++] = '?';
    }
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  int capacity() {
    return bytes.length;
  }

  @Override
  public void write(int c) {
    // Thymeleaf writes a page's '<', '>', '"' and spaces one at a time: the common case first
    if (c < 0x80 && pendingHigh == 0 && length < bytes.length) {
      bytes[length++] = (byte) c;
    } else {
      append1((char) c);
    }
  }

  @Override
  public void write(char[] text, int offset, int count) {
    ensure(count * 3 + 1);
    int end = offset + count;
    int i = offset;
    while (i < end) {
      if (pendingHigh == 0) {
        // a run of ASCII, the bulk of every page, with the buffer and position kept in locals
        byte[] out = bytes;
        int at = length;
        while (i < end && text[i] < 0x80) {
          out[at++] = (byte) text[i++];
        }
        length = at;
        if (i == end) {
          return;
        }
      }
      append1(text[i++]);
    }
  }

  /**
   * Copies the text out in chunks and encodes those: {@code charAt} checks its index on every call,
   * and for a string holding any character beyond Latin-1 (a page with a dash or a quote mark) the
   * quick compiler leaves that check as a call per character.
   */
  @Override
  public void write(String text, int offset, int count) {
    for (int start = offset; start < offset + count; start += CHUNK) {
      int end = Math.min(start + CHUNK, offset + count);
      text.getChars(start, end, chunk, 0);
      write(chunk, 0, end - start);
    }
  }

  @Override
  public void write(String text) {
    write(text, 0, text.length());
  }

  @Override
  public Writer append(CharSequence text) {
    String s = String.valueOf(text);
    write(s, 0, s.length());
    return this;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** The page as text (for a response whose writer was already taken). */
  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private void append1(char c) {
    ensure(4);
    if (pendingHigh != 0) {
      char high = pendingHigh;
      pendingHigh = 0;
      if (Character.isLowSurrogate(c)) {
        int code = Character.toCodePoint(high, c);
        bytes[length++] = (byte) (0xF0 | (code >> 18));
        bytes[length++] = (byte) (0x80 | ((code >> 12) & 0x3F));
        bytes[length++] = (byte) (0x80 | ((code >> 6) & 0x3F));
        bytes[length++] = (byte) (0x80 | (code & 0x3F));
        return;
      }
      bytes[length++] = '?';
      ensure(4);
    }
    if (c < 0x80) {
      bytes[length++] = (byte) c;
    } else if (c < 0x800) {
      bytes[length++] = (byte) (0xC0 | (c >> 6));
      bytes[length++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isHighSurrogate(c)) {
      pendingHigh = c;
    } else if (Character.isLowSurrogate(c)) {
      bytes[length++] = '?';
    } else {
      bytes[length++] = (byte) (0xE0 | (c >> 12));
      bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      bytes[length++] = (byte) (0x80 | (c & 0x3F));
    }
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
