package com.recoverylab.lti.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a launch's facts to what the tool stores, the same on H2 and PostgreSQL. Ids (at most 255
 * characters, LTI Core §5.3.6, without control characters) identify rows, so one that does not fit
 * is refused with a 400 naming the claim. Display values (names, email, titles) only show, so they
 * lose control characters and are shortened to fit; the launch goes on.
 */
final class ClaimLimits {
  static final int ID = 255;
  static final int NAME = 300;
  static final int EMAIL = 320;
  static final int TITLE = 1000;
  static final int URL = 2000;
  static final int SCOPES = 1000;
  static final int LAUNCH_DATA = 200_000;

  private ClaimLimits() {}

  static LaunchFacts fit(LaunchFacts f) {
    id(f.userSubject(), "sub (user id)");
    id(f.deploymentId(), "deployment_id");
    id(f.contextId(), "context id");
    if (f.resourceLinkId() != null) {
      id(f.resourceLinkId(), "resource_link id");
    }
    LaunchFacts.AgsEndpoints ags = f.ags();
    if (ags != null) {
      url(ags.lineitemsUrl(), "endpoint lineitems");
      url(ags.lineitemUrl(), "endpoint lineitem");
      ags =
          new LaunchFacts.AgsEndpoints(ags.lineitemsUrl(), ags.lineitemUrl(), scopes(ags.scopes()));
    }
    int launchData = f.launchData().toJson().length();
    if (launchData > LAUNCH_DATA) {
      throw LaunchRejection.reject(
          400, "lti.launch.claimTooLarge", "launch data of " + launchData + " chars", LAUNCH_DATA);
    }
    String email = display(f.email(), EMAIL);
    return new LaunchFacts(
        f.platformId(),
        f.deploymentId(),
        f.userSubject(),
        display(f.name(), NAME),
        display(f.givenName(), NAME),
        display(f.familyName(), NAME),
        // a shortened address is no address
        email != null && email.length() == f.email().length() ? email : null,
        f.contextId(),
        display(f.contextLabel(), NAME),
        display(f.contextTitle(), TITLE),
        f.resourceLinkId(),
        display(f.resourceLinkTitle(), TITLE),
        f.role(),
        f.contentKind(),
        f.contentId(),
        ags,
        f.linkDefaults(),
        f.launchData());
  }

  private static void id(String value, String claim) {
    if (value.isEmpty() || value.length() > ID || hasControl(value)) {
      throw LaunchRejection.reject(
          400,
          "lti.launch.badId",
          claim
              + " of "
              + value.length()
              + " chars"
              + (hasControl(value) ? " with control characters" : ""),
          claim,
          ID);
    }
  }

  private static void url(String value, String claim) {
    if (value != null && (value.length() > URL || hasControl(value))) {
      throw LaunchRejection.reject(
          400, "lti.launch.badId", claim + " of " + value.length() + " chars", claim, URL);
    }
  }

  /** Scopes as far as they fit; the ones the tool uses come first in every platform's list. */
  private static List<String> scopes(List<String> scopes) {
    List<String> kept = new ArrayList<>();
    int length = 0;
    for (String scope : scopes) {
      if (hasControl(scope) || length + scope.length() + 1 > SCOPES) {
        continue;
      }
      kept.add(scope);
      length += scope.length() + 1;
    }
    return kept;
  }

  /** Control characters become spaces, and the text is cut to {@code max} (never inside a pair). */
  static String display(String value, int max) {
    if (value == null || (value.length() <= max && !hasControl(value))) {
      return value;
    }
    StringBuilder clean = new StringBuilder(value.length());
    value.chars().forEach(c -> clean.append(Character.isISOControl(c) ? ' ' : (char) c));
    String text = clean.toString();
    if (text.length() > max) {
      text = text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
    }
    return text.isBlank() ? null : text;
  }

  static boolean hasControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
