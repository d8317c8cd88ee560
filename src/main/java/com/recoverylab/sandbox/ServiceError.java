package com.recoverylab.sandbox;

import java.util.Arrays;

/**
 * A refused call to one of the sandbox's services (token, AGS, NRPS), answered as JSON with an
 * OAuth-style {@code error} code and a message from the bundle.
 */
final class ServiceError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String error;
  private final String messageKey;
  private final transient Object[] args;

  ServiceError(int status, String error, String messageKey, Object... args) {
    super(
        status
            + " "
            + error
            + " "
            + messageKey
            + (args.length == 0 ? "" : " " + Arrays.toString(args)));
    this.status = status;
    this.error = error;
    this.messageKey = messageKey;
    this.args = args.clone();
  }

  static ServiceError badRequest(String messageKey, Object... args) {
    return new ServiceError(400, "invalid_request", messageKey, args);
  }

  static ServiceError notFound(String messageKey, Object... args) {
    return new ServiceError(404, "not_found", messageKey, args);
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  String messageKey() {
    return messageKey;
  }

  Object[] args() {
    return args.clone();
  }
}
