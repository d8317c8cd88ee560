package com.recoverylab.store;

/** The tool cannot start; the message is one line meant for the administrator. */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
