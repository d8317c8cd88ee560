package com.recoverylab.lti.services;

import java.time.Duration;

/**
 * A call to a platform service did not succeed. {@link Unavailable} passes (network, 5xx, 429, an
 * expired token): try again later. {@link Refused} will not change by retrying (the platform said
 * no with a 4xx): show it to the instructor.
 */
public abstract sealed class ServiceCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  ServiceCallException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status the platform answered, or 0 when no answer came. */
  public int status() {
    return status;
  }

  /** A passing problem; {@link #retryAfter()} is the platform's Retry-After, or null. */
  public static final class Unavailable extends ServiceCallException {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    public Unavailable(String message, int status, Duration retryAfter, Throwable cause) {
      super(message, status, cause);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /** The platform refused the call for good. */
  public static final class Refused extends ServiceCallException {
    private static final long serialVersionUID = 1L;

    public Refused(String message, int status) {
      super(message, status, null);
    }
  }
}
