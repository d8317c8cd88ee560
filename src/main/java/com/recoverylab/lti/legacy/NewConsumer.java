package com.recoverylab.lti.legacy;

/** A consumer just created, with the secret that is shown this one time only. */
public record NewConsumer(String key, String name, String secret) {

  /** Never prints the secret, so the record cannot leak it into a log by accident. */
  @Override
  public String toString() {
    return "NewConsumer[key=" + key + ", name=" + name + "]";
  }
}
