package com.recoverylab.web;

import java.text.MessageFormat;
import java.util.ArrayList;
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
 * All user-visible text, looked up in several bundles under {@code i18n/} (one per feature,
 * so features do not edit one shared file). The first bundle holding a key wins.
 */
public final class Messages implements IMessageResolver {
  private static final int MAX_CACHED_LOCALES = 64;
  private final List<String> bundles;
  /**
   * The bundles per locale. ResourceBundle.getBundle has its own cache, but a lookup in it
   * costs more than the text: a page with 40 messages looked through 7 bundles made 280 calls.
   */
  private final Map<Locale, List<ResourceBundle>> loaded = new ConcurrentHashMap<>();

  public Messages(List<String> bundleNames) {
    this.bundles = bundleNames.stream().map(name -> "i18n/" + name).toList();
  }

  /** The text for a key, formatted with MessageFormat; the key itself when it is missing. */
  public String text(Locale locale, String key, Object... args) {
    return find(locale, key).map(pattern -> format(pattern, locale, args)).orElse(key);
  }

  public Optional<String> find(Locale locale, String key) {
    for (ResourceBundle bundle : bundlesFor(locale)) {
      if (bundle.containsKey(key)) {
        return Optional.of(bundle.getString(key));
      }
    }
    return Optional.empty();
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
  public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] args) {
    return find(context.getLocale(), key).map(p -> format(p, context.getLocale(), args)).orElse(null);
  }

  @Override
  public String createAbsentMessageRepresentation(
      ITemplateContext context, Class<?> origin, String key, Object[] args) {
    return "??" + key + "??";
  }

  private static String format(String pattern, Locale locale, Object[] args) {
    if (args == null || args.length == 0) {
      return pattern;
    }
    return new MessageFormat(pattern, locale).format(args);
  }
}
