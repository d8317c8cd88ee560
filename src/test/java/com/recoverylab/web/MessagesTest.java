package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Messages keep parsed patterns, and their text stays exactly what MessageFormat makes of them. */
class MessagesTest {
  private final Messages messages = new Messages(List.of("messages-test", "messages"));

  private static String expected(String key, Locale locale, Object... args) {
    String pattern = ResourceBundle.getBundle("i18n/messages-test", locale).getString(key);
    return new MessageFormat(pattern, locale).format(args);
  }

  @Test
  void formatted_text_is_what_message_format_makes_of_the_pattern() {
    for (Locale locale :
        List.of(
            Locale.ENGLISH,
            Locale.GERMANY,
            Locale.FRANCE,
            Locale.forLanguageTag("ar-EG"),
            Locale.forLanguageTag("th-TH-u-nu-thai"))) {
      for (int round = 0; round < 2; round++) { // the second round reads the kept pattern
        assertEquals(expected("test.plain", locale, 3), messages.text(locale, "test.plain", 3));
        assertEquals(
            expected("test.plain", locale, 1234567), messages.text(locale, "test.plain", 1234567));
        assertEquals(
            expected("test.two", locale, "75%", 7.5, 10),
            messages.text(locale, "test.two", "75%", 7.5, 10));
        assertEquals(
            expected("test.choice", locale, 1, 2500),
            messages.text(locale, "test.choice", 1, 2500));
        assertEquals(
            expected("test.choice", locale, 3000, "me"),
            messages.text(locale, "test.choice", 3000, "me"));
        assertEquals(
            expected("test.number", locale, 1234.5), messages.text(locale, "test.number", 1234.5));
        assertEquals(
            expected("test.quote", locale, "fine"), messages.text(locale, "test.quote", "fine"));
        assertEquals(
            expected("test.plain", locale, (Object) null),
            messages.text(locale, "test.plain", (Object) null));
      }
    }
    assertEquals("Question 1,234", messages.text(Locale.ENGLISH, "test.plain", 1234));
    assertEquals("Question 1.234", messages.text(Locale.GERMANY, "test.plain", 1234));
  }

  @Test
  void every_shipped_message_formats_as_message_format_does_whatever_the_arguments() {
    List<String> names =
        List.of(
            "messages",
            "messages-content",
            "messages-quiz",
            "messages-lti",
            "messages-legacy",
            "messages-grading",
            "messages-instructor",
            "messages-sandbox",
            "messages-review");
    Messages shipped = new Messages(names);
    List<Object[]> argumentSets =
        List.of(
            new Object[] {"a <b> 'c'", 1234567, 2.5, null, true, 7L, "x", "y", "z"},
            new Object[] {3, "quiz", java.time.Instant.EPOCH, new java.util.Date(0), 1, 2, 3},
            new Object[] {"only one"});
    int compared = 0;
    for (String name : names) {
      ResourceBundle bundle = ResourceBundle.getBundle("i18n/" + name, Locale.ENGLISH);
      for (String key : bundle.keySet()) {
        if (shipped.find(Locale.ENGLISH, key).orElseThrow().equals(bundle.getString(key))) {
          for (Object[] args : argumentSets) {
            String pattern = bundle.getString(key);
            String expected;
            try {
              expected = new MessageFormat(pattern, Locale.ENGLISH).format(args);
            } catch (IllegalArgumentException e) {
              continue; // not a valid format: used without arguments only
            }
            assertEquals(expected, shipped.text(Locale.ENGLISH, key, args), key);
            compared++;
          }
        }
      }
    }
    assertEquals(true, compared > 300, "compared " + compared);
  }

  @Test
  void without_arguments_the_pattern_is_the_text_even_when_it_is_no_valid_format() {
    assertEquals("It''s raw", messages.text(Locale.ENGLISH, "test.raw"));
    assertEquals("Unclosed {0", messages.text(Locale.ENGLISH, "test.broken"));
    assertEquals(Optional.of("Unclosed {0"), messages.find(Locale.ENGLISH, "test.broken"));
  }

  @Test
  void a_missing_key_is_the_text_itself_and_the_first_bundle_holding_a_key_wins() {
    assertEquals("test.nowhere", messages.text(Locale.ENGLISH, "test.nowhere", 1));
    assertEquals(Optional.empty(), messages.find(Locale.ENGLISH, "test.nowhere"));
    assertEquals(
        ResourceBundle.getBundle("i18n/messages", Locale.ENGLISH).getString("app.name"),
        messages.text(Locale.ENGLISH, "app.name"));
  }

  @Test
  void threads_formatting_at_once_each_get_their_own_text() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t * 100_000;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    int n = offset + i;
                    Locale locale = n % 2 == 0 ? Locale.ENGLISH : Locale.GERMANY;
                    if (!expected("test.two", locale, "x", n, n + 1)
                            .equals(messages.text(locale, "test.two", "x", n, n + 1))
                        || !expected("test.choice", locale, n % 3, n)
                            .equals(messages.text(locale, "test.choice", n % 3, n))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertEquals(true, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
