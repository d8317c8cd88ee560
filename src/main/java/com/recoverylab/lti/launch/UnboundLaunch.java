package com.recoverylab.lti.launch;

import java.util.Locale;
import java.util.Optional;

/**
 * What a launch does when the browser kept nothing that ties it to the login it started (no login
 * cookie, nothing in the frame's or the platform's storage): the setting {@code UNBOUND_LAUNCH}.
 * The platform's login hint is never re-used (Moodle's is single-use).
 */
public enum UnboundLaunch {
  /** Finish the validated launch and hand it to a first-party window with a one-time ticket. */
  NEW_WINDOW("new-window"),
  /** Finish the validated launch and show it in the platform's frame. */
  FRAME("frame"),
  /** Refuse the launch and say how to allow it. */
  REFUSE("refuse");

  private final String word;

  UnboundLaunch(String word) {
    this.word = word;
  }

  /** The setting's spelling: {@code new-window}, {@code frame} or {@code refuse}. */
  public String word() {
    return word;
  }

  public static Optional<UnboundLaunch> fromWord(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (UnboundLaunch choice : values()) {
      if (choice.word.equals(wanted)) {
        return Optional.of(choice);
      }
    }
    return Optional.empty();
  }
}
