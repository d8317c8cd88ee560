package com.recoverylab.lti.launch;

import com.recoverylab.web.HttpError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused launches: one log line for the administrator with the technical detail, and an {@link
 * HttpError} whose message key tells the user in plain words what was wrong.
 */
final class LaunchRejection {
  private static final Logger log = LoggerFactory.getLogger("lti.launch");

  private LaunchRejection() {}

  static HttpError reject(int status, String key, String detail, Object... args) {
    log.warn("event=launch_rejected reason={} detail=\"{}\"", key, detail.replace('"', '\''));
    return new HttpError(status, key, args);
  }
}
