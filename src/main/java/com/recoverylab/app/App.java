package com.recoverylab.app;

import com.recoverylab.content.ContentException;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.ContentSources;
import com.recoverylab.content.CourseServlet;
import com.recoverylab.content.LessonCompletion;
import com.recoverylab.content.LessonReadRepository;
import com.recoverylab.content.LessonServlet;
import com.recoverylab.grading.GradeChannel;
import com.recoverylab.grading.GradeDeliveryWorker;
import com.recoverylab.grading.GradeMetrics;
import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.grading.GradeOutboxRepository;
import com.recoverylab.grading.LineItemUpdateRepository;
import com.recoverylab.grading.MetricsServlet;
import com.recoverylab.instructor.InstructorFeature;
import com.recoverylab.instructor.OutboxGradeSync;
import com.recoverylab.lti.keys.JwksServlet;
import com.recoverylab.lti.keys.ToolKeys;
import com.recoverylab.lti.launch.LaunchEndpoints;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.lti.launch.PlatformKeys;
import com.recoverylab.lti.legacy.BasicOutcomesChannel;
import com.recoverylab.lti.legacy.Consumers;
import com.recoverylab.lti.legacy.ConsumersServlet;
import com.recoverylab.lti.legacy.LegacyLaunchServlet;
import com.recoverylab.lti.legacy.LegacyLaunches;
import com.recoverylab.lti.registration.DynamicRegistration;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.lti.registration.RegistrationInvites;
import com.recoverylab.lti.registration.RegistrationServlet;
import com.recoverylab.lti.registration.ToolUrls;
import com.recoverylab.lti.registration.ToolUrlsServlet;
import com.recoverylab.lti.services.AccessTokens;
import com.recoverylab.lti.services.AgsClient;
import com.recoverylab.lti.services.AgsGradeChannel;
import com.recoverylab.lti.services.DeepLinkingResponse;
import com.recoverylab.lti.services.NrpsClient;
import com.recoverylab.lti.services.PlatformHttp;
import com.recoverylab.quiz.QuizGrades;
import com.recoverylab.quiz.QuizServlet;
import com.recoverylab.sandbox.Sandbox;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.store.SecretSealing;
import com.recoverylab.store.StartupException;
import com.recoverylab.web.BrowserCookie;
import com.recoverylab.web.BrowserCookieFilter;
import com.recoverylab.web.ErrorPageFilter.ErrorPages;
import com.recoverylab.web.ErrorPageFilter;
import com.recoverylab.web.ErrorServlet;
import com.recoverylab.web.HealthServlet;
import com.recoverylab.web.HomeServlet;
import com.recoverylab.web.Housekeeping;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Messages;
import com.recoverylab.web.NotFoundServlet;
import com.recoverylab.web.RequestLogFilter;
import com.recoverylab.web.SecurityHeadersFilter;
import com.recoverylab.web.Templates;
import com.recoverylab.web.TraceRefusalFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.compression.server.CompressionHandler;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: every part of the tool is built and wired here, by hand. */
public final class App {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  private App() {}

  public static void main(String[] args) {
    AppServer server;
    try {
      server = newServer(Config.fromEnvironmentAndArgs(args));
    } catch (ConfigException | StartupException e) {
      System.err.println("recovery-lab: cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    try {
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Builds and starts the tool: database (migrated), content, features, Jetty. With port 0
   * the connector binds first, so the public URL can carry the real port.
   */
  public static AppServer newServer(Config requested) {
    // content: CONTENT_DIR (or the working folder), else the copy in the jar; broken content
    // stops the start. It loads on a second core while the database opens and migrates.
    CompletableFuture<Supplier<ContentLibrary>> content =
        CompletableFuture.supplyAsync(() -> ContentSources.open(requested.contentDir(), requested.devMode()),
            runnable -> new Thread(runnable, "content-load").start());
    return start(requested, () -> {
      try {
        return content.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof ContentException problems) {
          throw new StartupException(problems.getMessage(), problems);
        }
        throw e;
      }
    });
  }

  /** Like {@link #newServer(Config)}, with the content given (tests pass fixture content). */
  public static AppServer newServer(Config requested, Supplier<ContentLibrary> content) {
    return start(requested, () -> content);
  }

  /** Starts the tool; {@code loadedContent} is asked for the content once the database is open. */
  private static AppServer start(Config requested, Supplier<Supplier<ContentLibrary>> loadedContent) {
    long started = System.nanoTime();
    // Requests are CPU work on one or two cores plus database calls through 16 pooled
    // connections: 64 threads keep both busy, and each thread's stack is resident memory (Jetty's
    // default of 200 held about 30 MB more at 1,000 open connections).
    QueuedThreadPool threads = new QueuedThreadPool(64, 8);
    threads.setName("http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // Jetty keeps a cache of parsed header fields per connection: about 100 KB of heap each,
    // 100 MB when a class of 1,000 holds its connections open. Headers parse fine without it.
    http.setHeaderCacheSize(0);
    // behind the TLS proxy, isSecure() and the scheme come from X-Forwarded-* / Forwarded
    http.addCustomizer(new ForwardedRequestCustomizer());
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(requested.bindAddress());
    connector.setPort(requested.port());
    try {
      connector.open();
    } catch (Exception e) {
      throw new StartupException("Cannot listen on " + requested.bindAddress() + ":" + requested.port()
          + ": " + e.getMessage(), e);
    }
    server.addConnector(connector);
    Config config = requested;
    if (requested.port() == 0) {
      int port = connector.getLocalPort();
      URI url = requested.publicUrl().getPort() == 0
          ? URI.create(requested.publicUrl().getScheme() + "://" + requested.publicUrl().getHost() + ":" + port)
          : requested.publicUrl();
      config = requested.withPort(port, url);
    }

    Database database = Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
        config.databaseUrlForDisplay(), 16);
    Supplier<ContentLibrary> content;
    try {
      content = loadedContent.get();
    } catch (RuntimeException e) {
      database.close();
      connector.close();
      throw e;
    }
    List<AutoCloseable> workers = new ArrayList<>();
    // the readiness check; AppServer.close() turns it to "stopping" while draining
    HealthServlet health = new HealthServlet(database);
    try {
      Clock clock = Clock.systemUTC();
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Messages messages = new Messages(List.of("messages", "messages-content", "messages-quiz", "messages-lti",
          "messages-legacy", "messages-grading", "messages-instructor", "messages-sandbox"));
      Templates templates = new Templates(messages, config.devMode());
      ErrorPages errorPages = new ErrorPages(templates);
      LaunchSessions sessions = new LaunchSessions(new LaunchSessionRepository(jdbc), clock, config.sessionIdle());
      workers.add(new Housekeeping(List.of(
          new Housekeeping.Task("expired-sessions", sessions::deleteExpired),
          new Housekeeping.Task("expired-login-states", () -> LaunchEndpoints.deleteExpiredStates(jdbc, clock)),
          new Housekeeping.Task("expired-registration-invites", new RegistrationInvites(jdbc, clock)::deleteExpired)),
          Duration.ofMinutes(10)));
      Config.GradeDelivery delivery = config.gradeDelivery();
      HttpClient outbound = outboundClient(delivery.httpTimeout());
      SecretSealing sealing = config.secretSealing();
      ToolKeys toolKeys = new ToolKeys(jdbc, clock, sealing);
      toolKeys.ensureSigningKey();
      PlatformRepository platforms = new PlatformRepository(jdbc);
      GradeOutbox gradeOutbox = new GradeOutbox(jdbc, new GradeOutboxRepository(jdbc), clock);
      // a renamed activity renames the gradebook column the tool made for it
      LaunchRecorder launchRecorder = new LaunchRecorder(jdbc, sessions,
          (link, title) -> gradeOutbox.queueColumnUpdate(link, null, title), clock);

      ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
      context.setContextPath("/");
      addFilter(context, new RequestLogFilter());
      addFilter(context, new SecurityHeadersFilter(config.frameAncestors(), "https".equals(config.publicUrl().getScheme())));
      addFilter(context, new ErrorPageFilter(errorPages));
      addFilter(context, new TraceRefusalFilter());
      addFilter(context, new BrowserCookieFilter(new BrowserCookie("https".equals(config.publicUrl().getScheme()))));

      addServlet(context, new HomeServlet(templates, config.publicUrl().toString(), config.sandbox()), "");
      addServlet(context, health, "/health");
      addServlet(context, health, "/ready");
      addServlet(context, new NotFoundServlet(), "/");
      addServlet(context, new ErrorServlet(errorPages), "/error-page");
      addStaticFiles(context);

      // content: course overview and lessons
      LessonReadRepository lessonReads = new LessonReadRepository(jdbc);
      addServlet(context, new CourseServlet(templates, sessions, content, lessonReads), "/course");
      addServlet(context, new LessonServlet(templates, sessions, content,
          new LessonCompletion(jdbc, lessonReads, gradeOutbox, clock)), "/lessons/*");

      // quiz: attempts, scoring, link grades
      QuizGrades quizGrades = new QuizGrades(jdbc, gradeOutbox, content, clock);
      addServlet(context, new QuizServlet(templates, sessions, content, jdbc, quizGrades, gradeOutbox, clock),
          "/quizzes/*");

      // LTI 1.3: keys, registration, login and launch
      addServlet(context, new JwksServlet(toolKeys::publicJwks), "/.well-known/jwks.json");
      ToolUrls toolUrls = ToolUrls.of(config.publicUrl());
      RegistrationInvites invites = new RegistrationInvites(jdbc, clock);
      RegistrationServlet registration = new RegistrationServlet(
          new DynamicRegistration(platforms, toolUrls, config.registration(), invites, outbound, clock), templates);
      // "/lti/register/*" also answers "/lti/register" itself
      addServlet(context, registration, "/lti/register/*");
      addServlet(context, new ToolUrlsServlet(templates, toolUrls), "/lti/urls");
      LaunchEndpoints.create(jdbc, platforms, new PlatformKeys(), launchRecorder, sessions, content, templates,
          config.publicUrl(), config.unboundLaunch(), clock)
          .forEach((path, servlet) -> addServlet(context, servlet, path));

      // LTI 1.1: consumer keys, signed launches, Basic Outcomes
      Consumers lti11Consumers = new Consumers(jdbc, clock, sealing);
      if (sealing.encrypts()) {
        // rows from before KEY_ENCRYPTION_KEY, or sealed with the previous key, are sealed anew
        int resealed = toolKeys.resealStored() + lti11Consumers.resealStored();
        if (resealed > 0) {
          log.info("event=secrets_resealed count={}", resealed);
        }
      } else if (!config.isLocal()) {
        log.warn("event=keys_unencrypted detail=\"private keys and LTI 1.1 secrets are stored in clear; set"
            + " KEY_ENCRYPTION_KEY (openssl rand -base64 32) to encrypt them\"");
      }
      addServlet(context, new LegacyLaunchServlet(
          new LegacyLaunches(jdbc, lti11Consumers, launchRecorder, config.url("/lti/11/launch"), clock)),
          "/lti/11/launch");
      if (config.adminToken().isPresent()) {
        // without ADMIN_TOKEN the page does not exist (404): the tool has no administrator login
        addServlet(context, new ConsumersServlet(templates, lti11Consumers, config.adminToken().get(),
            config.url("/lti/11/launch")), "/lti/11/consumers");
      }

      // grading: the outbox worker delivers through AGS (LTI 1.3) or Basic Outcomes (LTI 1.1)
      PlatformHttp platformHttp = new PlatformHttp(outbound, delivery.httpTimeout());
      // one token cache per node for grades and rosters
      AccessTokens accessTokens = new AccessTokens(platformHttp, toolKeys, clock);
      GradeOutboxRepository outboxRows = new GradeOutboxRepository(jdbc);
      String node = GradeDeliveryWorker.newNodeId();
      GradeMetrics gradeMetrics = new GradeMetrics(outboxRows, node);
      List<GradeChannel> gradeChannels = List.of(
          new AgsGradeChannel(jdbc, new AgsClient(platformHttp, accessTokens, clock), content, clock, node,
              delivery.claimFor()),
          new BasicOutcomesChannel(jdbc, outbound, delivery.httpTimeout(), clock));
      GradeDeliveryWorker gradeWorker = new GradeDeliveryWorker(outboxRows, new LineItemUpdateRepository(jdbc),
          gradeChannels, gradeMetrics,
          new GradeDeliveryWorker.Settings(delivery.retryFor(), delivery.concurrency(), delivery.interval(),
              delivery.backoffBase(), delivery.claimFor()), clock);
      workers.add(gradeWorker);
      // send only once Jetty serves the JWKS: platforms fetch it to check the client assertion
      server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStarted(LifeCycle event) {
          gradeWorker.start();
        }
      });
      // closed before the worker (workers close in reverse): ends platform calls in flight at once
      workers.add(platformHttp);
      addServlet(context, new MetricsServlet(gradeMetrics, config.metricsToken(), config.metricsOpen()), "/metrics");

      // instructor: deep linking, settings, results, roster, review
      InstructorFeature instructor = new InstructorFeature(sessions, platforms, content,
          new DeepLinkingResponse(toolKeys, clock), templates, config.url("/lti/launch"), jdbc,
          quizGrades::recomputeAndQueue, new OutboxGradeSync(gradeOutbox),
          new NrpsClient(platformHttp),
          (platform, scope) -> accessTokens.get(platform, Set.of(scope)).value(), clock);
      instructor.servlets().forEach((path, servlet) -> addServlet(context, servlet, path));

      // sandbox: the built-in test platform, only where SANDBOX is on
      if (config.sandbox()) {
        Sandbox sandbox = new Sandbox(config, jdbc, platforms, templates, content, clock);
        workers.add(sandbox);
        sandbox.start();
        sandbox.routes().forEach((path, servlet) -> addServlet(context, servlet, path));
      }

      ErrorPageErrorHandler jettyErrors = new ErrorPageErrorHandler();
      jettyErrors.addErrorPage(400, 599, "/error-page");
      jettyErrors.setShowStacks(false);
      context.setErrorHandler(jettyErrors);

      // pages and stylesheets go out gzip-compressed to browsers that ask (about a fifth of the bytes)
      CompressionHandler compression = new CompressionHandler(context);
      compression.putCompression(new GzipCompression());
      GracefulHandler graceful = new GracefulHandler(compression);
      server.setHandler(graceful);
      server.setStopTimeout(15_000);
      server.start();
    } catch (Exception e) {
      closeQuietly(workers);
      database.close();
      try {
        server.stop();
      } catch (Exception ignored) {
        // already failing; the original cause is what matters
      }
      if (e instanceof StartupException startup) {
        throw startup;
      }
      if (e instanceof ConfigException bad) {
        throw bad;
      }
      throw new StartupException("Cannot start: " + e.getMessage(), e);
    }
    log.info("event=started url={} database={} ms={}", config.publicUrl(), config.databaseUrlForDisplay(),
        (System.nanoTime() - started) / 1_000_000);
    return new AppServer(server, config, database, workers, health);
  }

  /**
   * The one client for every call the tool makes to a platform (grades, rosters, tokens,
   * registration), so each node keeps one connection pool. It never follows redirects: a
   * redirected POST loses its body or signature, and a registration must come from the address
   * whose origin was checked. Each request sets its own overall timeout.
   */
  private static HttpClient outboundClient(Duration connectTimeout) {
    return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  private static void addStaticFiles(ServletContextHandler context) {
    ServletHolder statics = new ServletHolder("static", DefaultServlet.class);
    statics.setInitParameter("baseResource",
        Objects.requireNonNull(App.class.getClassLoader().getResource("static/"), "static/ on classpath").toExternalForm());
    statics.setInitParameter("pathInfoOnly", "true");
    statics.setInitParameter("dirAllowed", "false");
    statics.setInitParameter("cacheControl", "max-age=3600");
    context.addServlet(statics, "/static/*");
  }

  private static void addServlet(ServletContextHandler context, Servlet servlet, String path) {
    context.addServlet(new ServletHolder(servlet), path);
  }

  private static void addFilter(ServletContextHandler context, Filter filter) {
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
  }

  private static void closeQuietly(List<AutoCloseable> workers) {
    for (AutoCloseable worker : workers) {
      try {
        worker.close();
      } catch (Exception ignored) {
        // start-up is failing; the start-up error is reported instead
      }
    }
  }
}
