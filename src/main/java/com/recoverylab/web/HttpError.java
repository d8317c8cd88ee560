package com.recoverylab.web;

import java.util.Arrays;

/**
 * A request that cannot be served, with the HTTP status and a message key from the message bundles
 * that tells the user in plain words what went wrong. Thrown anywhere in request handling and
 * turned into an error page by {@link ErrorPageFilter}.
 */
public class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String messageKey;
  private final transient Object[] args;

  public HttpError(int status, String messageKey, Object... args) {
    super(status + " " + messageKey + (args.length == 0 ? "" : " " + Arrays.toString(args)));
    this.status = status;
    this.messageKey = messageKey;
    this.args = args.clone();
  }

  public static HttpError badRequest(String messageKey, Object... args) {
    return new HttpError(400, messageKey, args);
  }

  public static HttpError unauthorized(String messageKey, Object... args) {
    return new HttpError(401, messageKey, args);
  }

  public static HttpError forbidden(String messageKey, Object... args) {
    return new HttpError(403, messageKey, args);
  }

  public static HttpError notFound(String messageKey, Object... args) {
    return new HttpError(404, messageKey, args);
  }

  public static HttpError conflict(String messageKey, Object... args) {
    return new HttpError(409, messageKey, args);
  }

  public int status() {
    return status;
  }

  public String messageKey() {
    return messageKey;
  }

  public Object[] args() {
    return args.clone();
  }
}
