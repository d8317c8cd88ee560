package com.recoverylab.app;

import com.recoverylab.content.ContentException;
import com.recoverylab.content.ContentFeature;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.ContentSources;
import com.recoverylab.grading.GradeDeliveryWorker;
import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.grading.GradingFeature;
import com.recoverylab.instructor.InstructorFeature;
import com.recoverylab.instructor.OutboxGradeSync;
import com.recoverylab.lti.keys.KeysFeature;
import com.recoverylab.lti.keys.RsaProvider;
import com.recoverylab.lti.keys.SigningKeyAhead;
import com.recoverylab.lti.launch.LaunchFeature;
import com.recoverylab.lti.launch.PlatformKeys;
import com.recoverylab.lti.legacy.LegacyFeature;
import com.recoverylab.lti.registration.RegistrationFeature;
import com.recoverylab.lti.services.ServicesFeature;
import com.recoverylab.quiz.QuizFeature;
import com.recoverylab.review.ReviewFeature;
import com.recoverylab.sandbox.SandboxFeature;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.store.StartupException;
import com.recoverylab.web.BrowserCookie;
import com.recoverylab.web.BrowserCookieFilter;
import com.recoverylab.web.ErrorPageFilter;
import com.recoverylab.web.ErrorPageFilter.ErrorPages;
import com.recoverylab.web.ErrorServlet;
import com.recoverylab.web.Feature;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** Request threads at most; more requests wait in Jetty's queue for one. */
  static final int MAX_REQUEST_THREADS = 64;

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
   * Builds and starts the tool: database (migrated), content, features, Jetty. With port 0 the
   * connector binds first, so the public URL can carry the real port.
   */
  public static AppServer newServer(Config requested) {
    // content: CONTENT_DIR (or the working folder), else the copy in the jar; broken content
    // stops the start. It loads on a second core while the database opens and migrates.
    CompletableFuture<Supplier<ContentLibrary>> content =
        CompletableFuture.supplyAsync(
            () -> ContentSources.open(requested.contentDir(), requested.devMode()),
            runnable -> new Thread(runnable, "content-load").start());
    return start(
        requested,
        () -> {
          try {
            return content.join();
          } catch (CompletionException e) {
            if (e.getCause() instanceof ContentException problems) {
              throw new StartupException(problems.getMessage(), problems);
            }
            throw e;
          }
        },
        Clock.systemUTC());
  }

  /** Like {@link #newServer(Config)}, with the content given (tests pass fixture content). */
  public static AppServer newServer(Config requested, Supplier<ContentLibrary> content) {
    return start(requested, () -> content, Clock.systemUTC());
  }

  /**
   * Like {@link #newServer(Config, Supplier)}, with spaced review on its own clock: tests move
   * review time days ahead while launches, tokens and sessions keep the real time.
   */
  public static AppServer newServer(
      Config requested, Supplier<ContentLibrary> content, Clock reviewClock) {
    return start(requested, () -> content, reviewClock);
  }

  /** Starts the tool; {@code loadedContent} is asked for the content once the database is open. */
  private static AppServer start(
      Config requested, Supplier<Supplier<ContentLibrary>> loadedContent, Clock reviewClock) {
    long started = System.nanoTime();
    // Requests are CPU work on one or two cores plus database calls through 16 pooled
    // connections: 64 threads keep both busy, and each thread's stack is resident memory (Jetty's
    // default of 200 held about 30 MB more at 1,000 open connections). 32 saved about 5 MiB more
    // but cost CPU on every request while 50 users queued for a thread (docs/benchmark.md, fourth
    // round).
    QueuedThreadPool threads = new QueuedThreadPool(MAX_REQUEST_THREADS, 8);
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
      throw new StartupException(
          "Cannot listen on "
              + requested.bindAddress()
              + ":"
              + requested.port()
              + ": "
              + e.getMessage(),
          e);
    }
    server.addConnector(connector);
    Config config = requested;
    if (requested.port() == 0) {
      int port = connector.getLocalPort();
      URI url =
          requested.publicUrl().getPort() == 0
              ? URI.create(
                  requested.publicUrl().getScheme()
                      + "://"
                      + requested.publicUrl().getHost()
                      + ":"
                      + port)
              : requested.publicUrl();
      config = requested.withPort(port, url);
    }

    // a new database needs the tool's first signing key; it is made beside the migration
    // RSA: the JDK's until AWS-LC's native code has loaded (off the start's path, or for a new
    // database's first key on the thread that makes it)
    RsaProvider rsa = new RsaProvider();
    SigningKeyAhead signingKey = new SigningKeyAhead(rsa);
    Database database = Database.open(config.database(), 16, signingKey::begin);
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
      ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
      context.setContextPath("/");
      Templates templates = webPlumbing(context, config, health);
      composeFeatures(
          context,
          config,
          database,
          content,
          templates,
          rsa,
          signingKey,
          workers,
          server,
          reviewClock);
      ErrorPageErrorHandler jettyErrors = new ErrorPageErrorHandler();
      jettyErrors.addErrorPage(400, 599, "/error-page");
      jettyErrors.setShowStacks(false);
      context.setErrorHandler(jettyErrors);

      // pages and stylesheets go out gzip-compressed to browsers that ask (about a fifth of the
      // bytes)
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
    rsa.loadNativeInBackground();
    log.info(
        "event=started url={} database={} ms={}",
        config.publicUrl(),
        config.databaseUrlForDisplay(),
        (System.nanoTime() - started) / 1_000_000);
    return new AppServer(server, config, database, workers, health);
  }

  /**
   * Filters, home, health, error and static pages; returns the templates every page renders with.
   */
  private static Templates webPlumbing(
      ServletContextHandler context, Config config, HealthServlet health) {
    Messages messages =
        new Messages(
            List.of(
                "messages",
                "messages-content",
                "messages-quiz",
                "messages-lti",
                "messages-legacy",
                "messages-grading",
                "messages-instructor",
                "messages-sandbox",
                "messages-review"));
    Templates templates = new Templates(messages, config.devMode());
    ErrorPages errorPages = new ErrorPages(templates);
    boolean https = "https".equals(config.publicUrl().getScheme());
    addFilter(context, new RequestLogFilter());
    addFilter(context, new SecurityHeadersFilter(config.frameAncestors(), https));
    addFilter(context, new ErrorPageFilter(errorPages));
    addFilter(context, new TraceRefusalFilter());
    addFilter(context, new BrowserCookieFilter(new BrowserCookie(https)));
    addServlet(
        context, new HomeServlet(templates, config.publicUrl().toString(), config.sandbox()), "");
    addServlet(context, health, "/health");
    addServlet(context, health, "/ready");
    addServlet(context, new NotFoundServlet(), "/");
    addServlet(context, new ErrorServlet(errorPages), "/error-page");
    addStaticFiles(context);
    return templates;
  }

  /**
   * Builds every feature from the database, the configuration and the APIs of the features it uses,
   * mounts its servlets, and adds what must stop with the tool to {@code workers} (they close in
   * reverse order).
   */
  private static void composeFeatures(
      ServletContextHandler context,
      Config config,
      Database database,
      Supplier<ContentLibrary> content,
      Templates templates,
      RsaProvider rsa,
      SigningKeyAhead signingKey,
      List<AutoCloseable> workers,
      Server server,
      Clock reviewClock) {
    Clock clock = Clock.systemUTC();
    Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
    String node = GradeDeliveryWorker.newNodeId();
    HttpClient outbound = outboundClient(config.gradeDelivery().httpTimeout());
    LaunchSessions sessions =
        new LaunchSessions(new LaunchSessionRepository(jdbc), clock, config.sessionIdle());

    RegistrationFeature registration =
        mount(context, RegistrationFeature.create(jdbc, templates, config, outbound, clock));
    GradingFeature grading = mount(context, GradingFeature.create(jdbc, config, node, clock));
    GradeOutbox outbox = grading.outbox();
    mount(context, ContentFeature.create(jdbc, templates, sessions, content, outbox, clock));
    // spaced review: cards from the misconceptions an attempt revealed, offered at the next launch
    ReviewFeature review =
        mount(context, ReviewFeature.create(jdbc, templates, sessions, content, reviewClock));
    QuizFeature quiz =
        mount(
            context,
            QuizFeature.create(
                jdbc, templates, sessions, content, outbox, review.misconceptions(), clock));
    // a renamed activity renames the gradebook column the tool made for it
    LaunchFeature launch =
        mount(
            context,
            LaunchFeature.create(
                jdbc,
                registration.remembered(),
                new PlatformKeys(),
                rsa,
                sessions,
                content,
                templates,
                config.publicUrl(),
                config.unboundLaunch(),
                (link, title) -> outbox.queueColumnUpdate(link, null, title),
                review.launchDetour(),
                clock));
    LegacyFeature legacy =
        mount(
            context,
            LegacyFeature.create(
                jdbc,
                templates,
                config,
                launch.recorder(),
                review.launchDetour(),
                outbound,
                clock));
    // built after the features that never sign, so a new database's first key has as long as
    // possible to be made beside the migration and their construction (it waits for that key)
    KeysFeature keys =
        mount(context, KeysFeature.create(jdbc, config.secretSealing(), signingKey, rsa, clock));
    resealSecrets(config, keys, legacy);
    ServicesFeature services =
        mount(
            context,
            ServicesFeature.create(
                jdbc,
                config,
                outbound,
                registration.remembered(),
                keys.keys(),
                content,
                node,
                clock));
    mount(
        context,
        InstructorFeature.create(
            jdbc,
            templates,
            sessions,
            registration.platforms(),
            content,
            services.deepLinking(),
            config.url("/lti/launch"),
            quiz.grades()::recomputeAndQueue,
            new OutboxGradeSync(outbox),
            services.rosters(),
            (platform, scope) -> services.tokens().get(platform, Set.of(scope)).value(),
            review.api(),
            clock));

    workers.add(
        new Housekeeping(
            List.of(
                new Housekeeping.Task("expired-sessions", sessions::deleteExpired),
                new Housekeeping.Task("expired-login-states", launch.states()::delete),
                new Housekeeping.Task(
                    "expired-registration-invites", registration.invites()::deleteExpired)),
            Duration.ofMinutes(10)));
    GradeDeliveryWorker gradeWorker = grading.worker(List.of(services.grades(), legacy.outcomes()));
    workers.add(gradeWorker);
    // send only once Jetty serves the JWKS: platforms fetch it to check the client assertion
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStarted(LifeCycle event) {
            gradeWorker.start();
          }
        });
    // closed before the worker (workers close in reverse): ends platform calls in flight at once
    workers.add(services.http());

    if (config.sandbox()) {
      SandboxFeature sandbox =
          mount(
              context,
              SandboxFeature.create(
                  jdbc, templates, config, registration.platforms(), content, rsa, clock));
      workers.add(sandbox.sandbox());
    }
  }

  /** Rows from before KEY_ENCRYPTION_KEY, or sealed with the previous key, are sealed anew. */
  private static void resealSecrets(Config config, KeysFeature keys, LegacyFeature legacy) {
    if (config.secretSealing().encrypts()) {
      int resealed = keys.keys().resealStored() + legacy.consumers().resealStored();
      if (resealed > 0) {
        log.info("event=secrets_resealed count={}", resealed);
      }
    } else if (!config.isLocal()) {
      log.warn(
          "event=keys_unencrypted detail=\"private keys and LTI 1.1 secrets are stored in clear; set"
              + " KEY_ENCRYPTION_KEY (openssl rand -base64 32) to encrypt them\"");
    }
  }

  private static <F extends Feature> F mount(ServletContextHandler context, F feature) {
    feature.servlets().forEach((path, servlet) -> addServlet(context, servlet, path));
    return feature;
  }

  /**
   * The one client for every call the tool makes to a platform (grades, rosters, tokens,
   * registration), so each node keeps one connection pool. It never follows redirects: a redirected
   * POST loses its body or signature, and a registration must come from the address whose origin
   * was checked. Each request sets its own overall timeout.
   *
   * <p>It speaks HTTP/1.1 only. The client's default, HTTP/2, sends an h2c upgrade request on every
   * new plain-http connection and goes through the HTTP/2 client's connection look-ups on every
   * request; Moodle platforms answer HTTP/1.1 anyway, and ALPN's h2 over TLS buys nothing for the
   * handful of small calls a grade or a roster takes.
   */
  private static HttpClient outboundClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(outboundExecutor())
        .build();
  }

  /**
   * The client's threads for answers: as many as there are cores, queueing the rest. The client's
   * default, a cached pool, hands every answer to a thread of its own through a synchronous
   * hand-off, so each grade sent woke one more thread; a short queue lets a busy thread take the
   * next answer without sleeping in between (every call here blocks in {@code send()} and reads its
   * body as a string, so nothing on these threads waits). Idle threads end after a minute, as the
   * default's do, so a stopped server leaves none behind.
   */
  private static ExecutorService outboundExecutor() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "outbound-http-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  private static void addStaticFiles(ServletContextHandler context) {
    ServletHolder statics = new ServletHolder("static", DefaultServlet.class);
    statics.setInitParameter(
        "baseResource",
        Objects.requireNonNull(
                App.class.getClassLoader().getResource("static/"), "static/ on classpath")
            .toExternalForm());
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
