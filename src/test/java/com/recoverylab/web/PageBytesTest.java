package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The page buffer encodes exactly as {@code String.getBytes(UTF_8)}, however the text arrives. */
class PageBytesTest {
  private static final String TEXT =
      "<p>Nicht gefunden – Ü “myth-check” 💡 &amp; 日本</p>\uD83D\uDCA1x\uD800y\uDC00z";

  private static byte[] written(PageBytes page) {
    page.finish();
    return Arrays.copyOf(page.bytes(), page.length());
  }

  @Test
  void strings_char_arrays_and_single_chars_give_the_same_bytes_as_string_encoding() {
    byte[] expected = TEXT.getBytes(StandardCharsets.UTF_8);
    PageBytes whole = new PageBytes();
    whole.write(TEXT);
    assertArrayEquals(expected, written(whole));
    // one char at a time splits every surrogate pair across calls
    PageBytes singles = new PageBytes();
    TEXT.chars().forEach(singles::write);
    assertArrayEquals(expected, written(singles));
    PageBytes arrays = new PageBytes();
    char[] chars = TEXT.toCharArray();
    for (int i = 0; i < chars.length; i += 3) {
      arrays.write(chars, i, Math.min(3, chars.length - i));
    }
    assertArrayEquals(expected, written(arrays));
  }

  @Test
  void a_string_longer_than_a_chunk_is_encoded_whole_even_with_a_pair_across_the_chunks() {
    String text = "a".repeat(PageBytes.CHUNK - 1) + "\uD83D\uDCA1" + "–".repeat(PageBytes.CHUNK);
    PageBytes page = new PageBytes();
    page.write("<" + text + ">", 1, text.length());
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), written(page));
  }

  @Test
  void a_high_surrogate_at_the_end_is_written_as_a_question_mark_and_reset_starts_over() {
    PageBytes page = new PageBytes();
    page.write("a\uD83D");
    assertArrayEquals("a\uD83D".getBytes(StandardCharsets.UTF_8), written(page));
    page.reset();
    page.write("x".repeat(40_000));
    assertArrayEquals("x".repeat(40_000).getBytes(StandardCharsets.UTF_8), written(page));
  }
}
