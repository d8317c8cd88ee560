package com.recoverylab.web;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;

/**
 * All user-visible text, looked up in several bundles under {@code i18n/} (one per feature,
 * so features do not edit one shared file). The first bundle holding a key wins.
 */
public final class Messages implements IMessageResolver {
  private final List<String> bundles;

  public Messages(List<String> bundleNames) {
    this.bundles = bundleNames.stream().map(name -> "i18n/" + name).toList();
  }

  /** The text for a key, formatted with MessageFormat; the key itself when it is missing. */
  public String text(Locale locale, String key, Object... args) {
    return find(locale, key).map(pattern -> format(pattern, locale, args)).orElse(key);
  }

  public Optional<String> find(Locale locale, String key) {
    for (String name : bundles) {
      try {
        ResourceBundle bundle = ResourceBundle.getBundle(name, locale);
        if (bundle.containsKey(key)) {
          return Optional.of(bundle.getString(key));
        }
      } catch (MissingResourceException e) {
        // a feature bundle without this locale falls through to the next bundle
      }
    }
    return Optional.empty();
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
