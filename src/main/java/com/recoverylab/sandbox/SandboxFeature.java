package com.recoverylab.sandbox;

import com.recoverylab.app.Config;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.lti.keys.RsaProvider;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import com.recoverylab.web.Templates;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The built-in test platform under {@code /sandbox}, only where SANDBOX is on.
 *
 * @param sandbox registers the sandbox with the tool at start; close it when the tool stops
 */
public record SandboxFeature(Map<String, Servlet> servlets, Sandbox sandbox) implements Feature {
  public SandboxFeature {
    servlets = Feature.paths(servlets);
  }

  /** Builds the sandbox and registers it with the tool (idempotent, safe on several nodes). */
  public static SandboxFeature create(
      Jdbc jdbc,
      Templates templates,
      Config config,
      PlatformRepository platforms,
      Supplier<ContentLibrary> content,
      RsaProvider rsa,
      Clock clock) {
    Sandbox sandbox = new Sandbox(config, jdbc, platforms, templates, content, rsa, clock);
    sandbox.start();
    return new SandboxFeature(Feature.paths(sandbox.routes()), sandbox);
  }
}
