package com.recoverylab.sandbox;

import java.util.Arrays;

/** A JWT from the tool that the sandbox refuses, with a message key saying why. */
final class RejectedJwt extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String messageKey;
  private final transient Object[] args;

  RejectedJwt(String messageKey, Object... args) {
    super(messageKey + (args.length == 0 ? "" : " " + Arrays.toString(args)));
    this.messageKey = messageKey;
    this.args = args.clone();
  }

  String messageKey() {
    return messageKey;
  }

  Object[] args() {
    return args.clone();
  }
}
