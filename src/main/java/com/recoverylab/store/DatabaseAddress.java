package com.recoverylab.store;

import java.util.Objects;

/**
 * Where the database is and how to log in.
 *
 * @param displayUrl the URL with any password hidden, for messages and logs
 */
public record DatabaseAddress(String url, String user, String password, String displayUrl) {
  public DatabaseAddress {
    Objects.requireNonNull(url, "url");
    displayUrl = displayUrl == null ? url : displayUrl;
  }

  @Override
  public String toString() {
    return displayUrl;
  }
}
