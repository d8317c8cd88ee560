package com.recoverylab.web;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;

/**
 * All user-visible text, looked up in several bundles under {@code i18n/} (one per feature, so
 * features do not edit one shared file). The first bundle holding a key wins.
 */
public final class Messages implements IMessageResolver {
  private static final int MAX_CACHED_LOCALES = 64;
  private final List<String> bundles;

  /**
   * The bundles per locale. ResourceBundle.getBundle has its own cache, but a lookup in it costs
   * more than the text: a page with 40 messages looked through 7 bundles made 280 calls.
   */
  private final Map<Locale, List<ResourceBundle>> loaded = new ConcurrentHashMap<>();

  /**
   * Patterns found per locale, parsed once: a quiz page looks up about 100 messages, and each
   * lookup went through every bundle and parsed its pattern again.
   */
  private final Map<Locale, Map<String, Compiled>> compiled = new ConcurrentHashMap<>();

  /**
   * NumberFormat.getInstance(locale) per thread (it is not thread-safe); MessageFormat made one per
   * number.
   */
  private static final ThreadLocal<Map<Locale, NumberFormat>> NUMBERS =
      ThreadLocal.withInitial(HashMap::new);

  /** Pages count questions and attempts in small whole numbers; their text is kept per locale. */
  private static final int SMALL_NUMBERS = 256;

  /** Per locale, the locale's NumberFormat text of 0 to SMALL_NUMBERS - 1, made once. */
  private static final Map<Locale, String[]> SMALL = new ConcurrentHashMap<>();

  public Messages(List<String> bundleNames) {
    this.bundles = bundleNames.stream().map(name -> "i18n/" + name).toList();
  }

  /** The text for a key, formatted with MessageFormat; the key itself when it is missing. */
  public String text(Locale locale, String key, Object... args) {
    Compiled message = compiled(locale, key);
    return message == null ? key : message.format(locale, args);
  }

  public Optional<String> find(Locale locale, String key) {
    Compiled message = compiled(locale, key);
    return message == null ? Optional.empty() : Optional.of(message.pattern());
  }

  private Compiled compiled(Locale locale, String key) {
    Map<String, Compiled> known = compiled.get(locale);
    Compiled message = known == null ? null : known.get(key);
    if (message != null) {
      return message;
    }
    for (ResourceBundle bundle : bundlesFor(locale)) {
      if (bundle.containsKey(key)) {
        message = Compiled.of(bundle.getString(key), locale);
        // only keys that exist are kept, and only for the locales bundlesFor remembers
        if (loaded.containsKey(locale)) {
          compiled
              .computeIfAbsent(locale, l -> new ConcurrentHashMap<>())
              .putIfAbsent(key, message);
        }
        return message;
      }
    }
    return null;
  }

  private List<ResourceBundle> bundlesFor(Locale locale) {
    List<ResourceBundle> cached = loaded.get(locale);
    if (cached != null) {
      return cached;
    }
    List<ResourceBundle> found = new ArrayList<>();
    for (String name : bundles) {
      try {
        found.add(ResourceBundle.getBundle(name, locale));
      } catch (MissingResourceException e) {
        // a feature bundle without this locale falls through to the next bundle
      }
    }
    List<ResourceBundle> result = List.copyOf(found);
    // browsers name their locale freely; only a bounded number is remembered
    if (loaded.size() < MAX_CACHED_LOCALES) {
      loaded.putIfAbsent(locale, result);
    }
    return result;
  }

  @Override
  public String getName() {
    return "recovery-lab-messages";
  }

  @Override
  public Integer getOrder() {
    return 0;
  }

  @Override
  public String resolveMessage(
      ITemplateContext context, Class<?> origin, String key, Object[] args) {
    Compiled message = compiled(context.getLocale(), key);
    return message == null ? null : message.format(context.getLocale(), args);
  }

  @Override
  public String createAbsentMessageRepresentation(
      ITemplateContext context, Class<?> origin, String key, Object[] args) {
    return "??" + key + "??";
  }

  /**
   * A pattern and its parsed MessageFormat. The same output as {@code new MessageFormat(pattern,
   * locale).format(args)}, without parsing the pattern or creating a NumberFormat per call. Without
   * arguments the pattern is the text, as it always was.
   *
   * @param parsed null when the pattern is no valid MessageFormat (used without arguments only)
   * @param plain the format has no sub-formats (choice, number), so formatting only reads it and
   *     threads can share it; otherwise each call formats a copy
   * @param parts a plain pattern cut at its arguments: literal text (a String) and argument numbers
   *     (an Integer), in order; null when it could not be cut safely
   * @param arguments how many arguments the pattern refers to (the highest number plus one)
   */
  private record Compiled(
      String pattern, MessageFormat parsed, boolean plain, Object[] parts, int arguments) {
    /** Marks an argument's place while the parts are cut out; no message text uses these. */
    private static final char OPEN = '\uE000';

    private static final char CLOSE = '\uE001';

    static Compiled of(String pattern, Locale locale) {
      MessageFormat parsed;
      try {
        parsed = new MessageFormat(pattern, locale);
      } catch (IllegalArgumentException e) {
        return new Compiled(pattern, null, false, null, 0);
      }
      boolean plain = Arrays.stream(parsed.getFormats()).allMatch(f -> f == null);
      int arguments = parsed.getFormatsByArgumentIndex().length;
      return new Compiled(
          pattern, parsed, plain, plain ? parts(pattern, parsed, arguments) : null, arguments);
    }

    /**
     * MessageFormat's own output for marker strings, cut at the markers: the literal text exactly
     * as MessageFormat unquotes it, and where each argument goes.
     */
    private static Object[] parts(String pattern, MessageFormat parsed, int arguments) {
      if (pattern.indexOf(OPEN) >= 0 || pattern.indexOf(CLOSE) >= 0) {
        return null;
      }
      Object[] markers = new Object[arguments];
      for (int i = 0; i < arguments; i++) {
        markers[i] = OPEN + Integer.toString(i) + CLOSE;
      }
      String marked = parsed.format(markers);
      List<Object> parts = new ArrayList<>();
      int at = 0;
      while (at < marked.length()) {
        int open = marked.indexOf(OPEN, at);
        if (open < 0) {
          parts.add(marked.substring(at));
          break;
        }
        int close = marked.indexOf(CLOSE, open);
        if (close < 0) {
          return null;
        }
        if (open > at) {
          parts.add(marked.substring(at, open));
        }
        parts.add(Integer.valueOf(marked.substring(open + 1, close)));
        at = close + 1;
      }
      return parts.toArray();
    }

    String format(Locale locale, Object[] args) {
      if (args == null || args.length == 0) {
        return pattern;
      }
      if (parsed == null) {
        return new MessageFormat(pattern, locale).format(args); // throws, as it always did
      }
      if (!plain) {
        return ((MessageFormat) parsed.clone()).format(args);
      }
      if (parts != null && args.length >= arguments) {
        String cut = formatParts(locale, args);
        if (cut != null) {
          return cut;
        }
      }
      Object[] values = args.clone();
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof Number number) {
          // what MessageFormat does for a number without a format, with a NumberFormat kept per
          // thread
          values[i] = number(locale, number);
        }
      }
      return parsed.format(values);
    }

    /**
     * The parts with each argument written as MessageFormat writes one without a format: null as
     * "null", a number in the locale's format, a string as it is, anything else by toString; null
     * for a date (MessageFormat's date format decides that one).
     */
    private String formatParts(Locale locale, Object[] args) {
      StringBuilder out = new StringBuilder(pattern.length() + 16 * arguments);
      for (Object part : parts) {
        if (part instanceof String literal) {
          out.append(literal);
          continue;
        }
        Object value = args[(Integer) part];
        if (value == null) {
          out.append("null");
        } else if (value instanceof String text) {
          out.append(text);
        } else if (value instanceof Number number) {
          out.append(number(locale, number));
        } else if (value instanceof java.util.Date) {
          return null;
        } else {
          out.append(String.valueOf(value.toString()));
        }
      }
      return out.toString();
    }

    /** What the locale's NumberFormat makes of the number. */
    private static String number(Locale locale, Number number) {
      if (number instanceof Integer || number instanceof Long || number instanceof Short) {
        long value = number.longValue();
        if (value >= 0 && value < SMALL_NUMBERS) {
          String[] texts = SMALL.get(locale);
          if (texts == null) {
            texts = smallNumbers(locale);
            if (SMALL.size() < MAX_CACHED_LOCALES) {
              SMALL.putIfAbsent(locale, texts);
            }
          }
          return texts[(int) value];
        }
      }
      return numberFormat(locale).format(number);
    }

    private static String[] smallNumbers(Locale locale) {
      NumberFormat format = NumberFormat.getInstance(locale);
      String[] texts = new String[SMALL_NUMBERS];
      for (int i = 0; i < SMALL_NUMBERS; i++) {
        texts[i] = format.format(i);
      }
      return texts;
    }

    private static NumberFormat numberFormat(Locale locale) {
      Map<Locale, NumberFormat> formats = NUMBERS.get();
      NumberFormat format = formats.get(locale);
      if (format == null) {
        format = NumberFormat.getInstance(locale);
        if (formats.size() < MAX_CACHED_LOCALES) {
          formats.put(locale, format);
        }
      }
      return format;
    }
  }
}
