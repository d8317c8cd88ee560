package com.recoverylab.sandbox;

import com.recoverylab.app.Config;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.lti.keys.JwksServlet;
import com.recoverylab.lti.keys.RsaProvider;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox: a built-in LTI 1.3 test platform under {@code /sandbox} with one demo course, so the
 * tool can be tried without a course platform. It talks to the tool only over HTTP and standard LTI
 * messages, exactly as an external platform would.
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
  private final SandboxUrls urls;
  private final SandboxKeys keys;
  private final SandboxRegistration registration;
  private final ToolJwtVerifier verifier;
  private final Map<String, HttpServlet> routes = new LinkedHashMap<>();

  Sandbox(
      Config config,
      Jdbc jdbc,
      PlatformRepository platforms,
      Templates templates,
      Supplier<ContentLibrary> content,
      RsaProvider rsa,
      Clock clock) {
    urls = new SandboxUrls(config.publicUrl().toString());
    keys = new SandboxKeys(new SandboxKeyRepository(jdbc), rsa, clock);
    registration = new SandboxRegistration(platforms, urls, clock);
    CourseRepository course = new CourseRepository(jdbc);
    GradebookRepository gradebook = new GradebookRepository(jdbc);
    LaunchRepository launchRepository = new LaunchRepository(jdbc);
    TokenRepository tokens = new TokenRepository(jdbc);
    verifier = new ToolJwtVerifier(urls.toolJwks(), rsa);
    Launches launches =
        new Launches(launchRepository, course, new LaunchMessages(urls), keys, urls, clock);
    ServiceAccess access = new ServiceAccess(tokens, clock);
    CoursePage coursePage = new CoursePage(templates, course, content);

    routes.put("/sandbox", new SandboxHomeServlet(coursePage, course, templates.messages()));
    routes.put("/sandbox/activities", new AddActivityServlet(jdbc, course, content, clock));
    routes.put("/sandbox/launch", new StartLaunchServlet(launches, templates, urls));
    routes.put("/sandbox/auth", new AuthServlet(launches, templates, urls));
    routes.put("/sandbox/jwks", new JwksServlet(keys::publicJwks));
    routes.put(
        "/sandbox/deep-link-return",
        new DeepLinkReturnServlet(
            verifier,
            jdbc,
            course,
            launchRepository,
            coursePage,
            templates.messages(),
            urls,
            clock));
    routes.put(
        "/sandbox/token", new TokenServlet(templates.messages(), verifier, tokens, urls, clock));
    routes.put(
        "/sandbox/ags/*",
        new AgsServlet(templates.messages(), access, jdbc, course, gradebook, urls, clock));
    routes.put("/sandbox/nrps/*", new NrpsServlet(templates.messages(), access, course, urls));
    routes.put("/sandbox/gradebook", new GradebookServlet(templates, course, gradebook));
    routes.put("/sandbox/settings", new SettingsServlet(templates, gradebook));
  }

  /**
   * Ensures the sandbox key and registers the sandbox with the tool (idempotent, multi-node safe).
   */
  public void start() {
    keys.ensure();
    long platformId = registration.register().id();
    log.info("event=sandbox_ready issuer={} platform={}", urls.issuer(), platformId);
  }

  /** Releases the cache of the tool's public keys. */
  @Override
  public void close() throws java.io.IOException {
    verifier.close();
  }

  /** Servlet path specs and their servlets, to mount on the tool's context. */
  Map<String, HttpServlet> routes() {
    return java.util.Collections.unmodifiableMap(routes);
  }
}
