package com.recoverylab.sandbox;

import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import java.time.Clock;
import java.util.Objects;

/**
 * Registers the sandbox with the tool the way an administrator registers a platform: issuer, client
 * id, endpoints and a deployment. Safe to run on every start and on several nodes at once.
 */
final class SandboxRegistration {
  static final String NAME = "Recovery Lab sandbox";
  private final PlatformRepository platforms;
  private final SandboxUrls urls;
  private final Clock clock;

  SandboxRegistration(PlatformRepository platforms, SandboxUrls urls, Clock clock) {
    this.platforms = platforms;
    this.urls = urls;
    this.clock = clock;
  }

  Platform register() {
    Platform wanted =
        new Platform(
            0, urls.issuer(), SandboxUrls.CLIENT_ID, NAME, urls.auth(), urls.token(), urls.jwks());
    Platform platform =
        platforms.find(wanted.issuer(), wanted.clientId()).orElseGet(() -> insert(wanted));
    if (!Objects.equals(platform.authEndpoint(), wanted.authEndpoint())
        || !Objects.equals(platform.tokenEndpoint(), wanted.tokenEndpoint())
        || !Objects.equals(platform.jwksUrl(), wanted.jwksUrl())
        || !Objects.equals(platform.name(), wanted.name())) {
      platform =
          new Platform(
              platform.id(),
              wanted.issuer(),
              wanted.clientId(),
              wanted.name(),
              wanted.authEndpoint(),
              wanted.tokenEndpoint(),
              wanted.jwksUrl());
      platforms.updateEndpoints(platform);
    }
    try {
      platforms.addDeployment(platform.id(), SandboxUrls.DEPLOYMENT_ID, clock.instant());
    } catch (Jdbc.DataAccessException e) {
      if (!e.isUniqueViolation()) {
        throw e;
      }
      // another node added it between the check and the insert
    }
    return platform;
  }

  private Platform insert(Platform wanted) {
    try {
      return platforms.insert(wanted, clock.instant());
    } catch (Jdbc.DataAccessException e) {
      if (!e.isUniqueViolation()) {
        throw e;
      }
      return platforms
          .find(wanted.issuer(), wanted.clientId())
          .orElseThrow(
              () -> new IllegalStateException("sandbox registration vanished after a clash", e));
    }
  }
}
