package com.recoverylab.app;

/** A setting has a value the tool cannot start with; the message names the setting. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
