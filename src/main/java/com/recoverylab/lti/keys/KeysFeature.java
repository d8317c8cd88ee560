package com.recoverylab.lti.keys;

import com.recoverylab.store.Jdbc;
import com.recoverylab.store.SecretSealing;
import com.recoverylab.web.Feature;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.Map;

/**
 * The tool's signing keys and the JWKS platforms fetch to check its messages.
 *
 * @param keys signs the tool's messages and client assertions; has a signing key once created
 */
public record KeysFeature(Map<String, Servlet> servlets, ToolKeys keys) implements Feature {
  public KeysFeature {
    servlets = Feature.paths(servlets);
  }

  /** The feature, with a signing key stored: {@code ahead}'s when a new database began one. */
  public static KeysFeature create(
      Jdbc jdbc, SecretSealing sealing, SigningKeyAhead ahead, RsaProvider rsa, Clock clock) {
    ToolKeys keys = new ToolKeys(jdbc, clock, sealing, rsa);
    keys.ensureSigningKey(ahead);
    return new KeysFeature(
        Map.of("/.well-known/jwks.json", new JwksServlet(keys::publicJwks)), keys);
  }
}
