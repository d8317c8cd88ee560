package com.recoverylab.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One student's browser: keeps its own cookies (the tool's login-state and browser cookies, each
 * sent to the paths its {@code Path} covers, as a browser does), follows the LTI 1.3 launch through
 * the platform stub, and takes the quiz on the all-on-one-page form. Each step checks the answer a
 * real browser would get and throws {@link Failure} otherwise.
 */
final class Student {
  private static final Pattern TAG =
      Pattern.compile("<(input|select|option|form|/select)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE =
      Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*\"([^\"]*)\"");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** A step that did not answer as a browser expects. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** A launch session the student can work in: the quiz page's address and its form tokens. */
  record Session(String quizPath, String s, String csrf) {}

  private final HttpClient http;
  private final String tool;
  private final PlatformStub platform;
  private final String subject;
  private final Random random;
  private final Map<String, Cookie> cookies = new HashMap<>();

  /** A cookie the tool set, with the path it applies to. */
  private record Cookie(String value, String path) {
    /** RFC 6265 §5.1.4 path-match. */
    boolean matches(String requestPath) {
      return requestPath.equals(path)
          || (requestPath.startsWith(path)
              && (path.endsWith("/") || requestPath.charAt(path.length()) == '/'));
    }
  }

  /** The newest session per resource link this student launched. */
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  private int nextSession;

  /** The first question of the attempt {@link #prepareQuizPage} opened. */
  private volatile String questionUrl;

  Student(HttpClient http, String tool, PlatformStub platform, int number) {
    this.http = http;
    this.tool = tool;
    this.platform = platform;
    this.subject = "student-" + number;
    this.random = new Random(number);
  }

  boolean hasSession() {
    return !sessions.isEmpty();
  }

  /**
   * A full launch: login initiation POST, the tool's 302 to the platform's authorization endpoint,
   * the id_token form post back to the tool, its 303 to the quiz, and the quiz's start page.
   * Returns the number of requests the tool answered (3).
   */
  int launch(String linkId) throws IOException, InterruptedException, Failure {
    Map<String, String> login = new LinkedHashMap<>();
    login.put("iss", platform.issuer());
    login.put("login_hint", subject);
    login.put("target_link_uri", tool + "/lti/launch");
    login.put("lti_message_hint", "link-" + linkId);
    login.put("client_id", platform.clientId());
    login.put("lti_deployment_id", "1");
    HttpResponse<String> toAuth = send(post(tool + "/lti/login", login));
    expect(toAuth, 302, "login initiation");
    String authUrl =
        toAuth
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new Failure("login: no Location"));
    HttpResponse<String> formPost =
        send(HttpRequest.newBuilder(URI.create(authUrl)).timeout(TIMEOUT).GET().build());
    expect(formPost, 200, "platform authorization");
    Map<String, String> fields = new LinkedHashMap<>();
    String action = null;
    for (Tag tag : tags(formPost.body())) {
      if (tag.name().equals("form")) {
        action = tag.attributes().get("action");
      } else if (tag.name().equals("input") && tag.attributes().containsKey("name")) {
        fields.put(tag.attributes().get("name"), tag.attributes().getOrDefault("value", ""));
      }
    }
    if (action == null || !fields.containsKey("id_token")) {
      throw new Failure("platform answered without the id_token form");
    }
    HttpResponse<String> launched = send(post(action, fields));
    expect(launched, 303, "launch");
    String quizUrl =
        absolute(
            launched
                .headers()
                .firstValue("Location")
                .orElseThrow(() -> new Failure("launch: no Location")));
    HttpResponse<String> start =
        send(HttpRequest.newBuilder(URI.create(quizUrl)).timeout(TIMEOUT).GET().build());
    expect(start, 200, "quiz start page");
    Map<String, String> hidden = new HashMap<>();
    for (Tag tag : tags(start.body())) {
      if (tag.name().equals("input") && "hidden".equals(tag.attributes().get("type"))) {
        hidden.put(tag.attributes().get("name"), tag.attributes().get("value"));
      }
    }
    if (hidden.get("s") == null
        || hidden.get("csrf") == null
        || !start.body().contains("/start\"")) {
      throw new Failure("quiz start page without its start form");
    }
    sessions.put(
        linkId, new Session(URI.create(quizUrl).getPath(), hidden.get("s"), hidden.get("csrf")));
    return 3;
  }

  /** A filled-in all-questions form of an open attempt, ready to be saved and submitted. */
  record PreparedSubmission(String action, List<String[]> form) {}

  /**
   * One graded submission: {@link #prepareSubmission} then {@link #submitPrepared}. Returns the
   * number of tool requests (4).
   */
  int submit() throws IOException, InterruptedException, Failure {
    submitPrepared(prepareSubmission());
    return 4;
  }

  /**
   * Starts an attempt with all questions on one page (or resumes the open one), reads that page and
   * answers every question, without sending the answers. Uses the student's sessions in turn (one
   * per link). Two tool requests.
   */
  PreparedSubmission prepareSubmission() throws IOException, InterruptedException, Failure {
    Session session = nextSession();
    HttpResponse<String> started =
        send(
            post(
                tool + session.quizPath() + "/start",
                Map.of("s", session.s(), "csrf", session.csrf(), "layout", "all")));
    expect(started, 303, "start attempt");
    String allUrl =
        absolute(
            started
                .headers()
                .firstValue("Location")
                .orElseThrow(() -> new Failure("start: no Location")));
    HttpResponse<String> page =
        send(HttpRequest.newBuilder(URI.create(allUrl)).timeout(TIMEOUT).GET().build());
    expect(page, 200, "all-questions page");
    String action = null;
    List<String[]> form = new ArrayList<>();
    Map<String, List<String>> radios = new LinkedHashMap<>();
    Map<String, Integer> rankPositions = new HashMap<>();
    String select = null;
    List<String> selectOptions = new ArrayList<>();
    for (Tag tag : tags(page.body())) {
      Map<String, String> a = tag.attributes();
      switch (tag.name()) {
        case "form" -> {
          if (a.getOrDefault("action", "").endsWith("/answers")) {
            action = a.get("action");
          }
        }
        case "input" -> {
          String type = a.getOrDefault("type", "text");
          if (type.equals("hidden")) {
            form.add(new String[] {a.get("name"), a.getOrDefault("value", "")});
          } else if (type.equals("radio") || type.equals("checkbox")) {
            radios.computeIfAbsent(a.get("name"), n -> new ArrayList<>()).add(a.get("value"));
          }
        }
        case "select" -> {
          select = a.get("name");
          selectOptions.clear();
        }
        case "option" -> {
          String value = a.getOrDefault("value", "");
          if (select != null && !value.isEmpty()) {
            selectOptions.add(value);
          }
        }
        case "/select" -> {
          if (select != null && select.contains(":rank:")) {
            // each item of a ranking gets the next free position
            String question = select.substring(0, select.indexOf(":rank:"));
            int position = rankPositions.merge(question, 1, Integer::sum);
            form.add(new String[] {select, String.valueOf(position)});
          } else if (select != null && !selectOptions.isEmpty()) {
            form.add(
                new String[] {select, selectOptions.get(random.nextInt(selectOptions.size()))});
          }
          select = null;
        }
        default -> {}
      }
    }
    if (action == null || radios.isEmpty() && form.size() <= 2) {
      throw new Failure("all-questions page without questions");
    }
    radios.forEach(
        (name, values) -> form.add(new String[] {name, values.get(random.nextInt(values.size()))}));
    form.add(new String[] {"action", "submit"});
    return new PreparedSubmission(absolute(action), form);
  }

  /**
   * Saves and submits the prepared answers (scored, grade queued) and loads the result page.
   * Returns the number of tool requests (2).
   */
  int submitPrepared(PreparedSubmission prepared)
      throws IOException, InterruptedException, Failure {
    HttpResponse<String> submitted = send(post(prepared.action(), prepared.form()));
    expect(submitted, 303, "submit");
    String resultUrl =
        absolute(
            submitted
                .headers()
                .firstValue("Location")
                .orElseThrow(() -> new Failure("submit: no Location")));
    if (!URI.create(resultUrl).getPath().endsWith("/result")) {
      throw new Failure("submit led to " + resultUrl + " instead of the result");
    }
    HttpResponse<String> result =
        send(HttpRequest.newBuilder(URI.create(resultUrl)).timeout(TIMEOUT).GET().build());
    expect(result, 200, "result page");
    return 2;
  }

  /**
   * Starts (or resumes) an attempt one question per page and remembers its first question's address
   * for {@link #quizPage}. One tool request.
   */
  void prepareQuizPage() throws IOException, InterruptedException, Failure {
    Session session = nextSession();
    HttpResponse<String> started =
        send(
            post(
                tool + session.quizPath() + "/start",
                Map.of("s", session.s(), "csrf", session.csrf())));
    expect(started, 303, "start attempt");
    questionUrl =
        absolute(
            started
                .headers()
                .firstValue("Location")
                .orElseThrow(() -> new Failure("start: no Location")));
  }

  /**
   * Reads the page of one question of the open attempt. Returns the number of tool requests (1).
   */
  int quizPage() throws IOException, InterruptedException, Failure {
    if (questionUrl == null) {
      prepareQuizPage();
    }
    HttpResponse<String> page =
        send(HttpRequest.newBuilder(URI.create(questionUrl)).timeout(TIMEOUT).GET().build());
    expect(page, 200, "question page");
    if (!page.body().contains("/answer\"")) {
      throw new Failure("question page without its answer form");
    }
    return 1;
  }

  private Session nextSession() throws Failure {
    List<Session> all = new ArrayList<>(sessions.values());
    if (all.isEmpty()) {
      throw new Failure("no launch session to work in");
    }
    return all.get(Math.floorMod(nextSession++, all.size()));
  }

  // --- plumbing ---------------------------------------------------------------------------

  private HttpRequest post(String url, Map<String, String> fields) {
    List<String[]> pairs = new ArrayList<>();
    fields.forEach((k, v) -> pairs.add(new String[] {k, v}));
    return post(url, pairs);
  }

  private HttpRequest post(String url, List<String[]> fields) {
    StringBuilder body = new StringBuilder();
    for (String[] field : fields) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(field[0], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(field[1], StandardCharsets.UTF_8));
    }
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  /** Sends with this browser's cookies for the path, and keeps the cookies the answer sets. */
  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    HttpRequest withCookies = request;
    boolean toTool = request.uri().toString().startsWith(tool);
    if (toTool && !cookies.isEmpty()) {
      String path = request.uri().getPath();
      StringBuilder header = new StringBuilder();
      cookies.forEach(
          (name, cookie) -> {
            if (cookie.matches(path)) {
              header
                  .append(header.length() == 0 ? "" : "; ")
                  .append(name)
                  .append('=')
                  .append(cookie.value());
            }
          });
      if (header.length() > 0) {
        withCookies =
            HttpRequest.newBuilder(request, (n, v) -> true)
                .header("Cookie", header.toString())
                .build();
      }
    }
    HttpResponse<String> response = http.send(withCookies, HttpResponse.BodyHandlers.ofString());
    if (toTool) {
      for (String setCookie : response.headers().allValues("Set-Cookie")) {
        String[] parts = setCookie.split(";");
        String pair = parts[0];
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        String path = "/";
        for (int i = 1; i < parts.length; i++) {
          String attribute = parts[i].trim();
          if (attribute.regionMatches(true, 0, "Path=", 0, 5) && attribute.length() > 5) {
            path = attribute.substring(5);
          }
        }
        if (value.isEmpty() || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, new Cookie(value, path));
        }
      }
    }
    return response;
  }

  private String absolute(String location) {
    return location.startsWith("http") ? location : tool + location;
  }

  private static void expect(HttpResponse<String> response, int status, String step)
      throws Failure {
    if (response.statusCode() != status) {
      String body =
          response.body() == null
              ? ""
              : response.body().replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
      throw new Failure(
          step
              + ": HTTP "
              + response.statusCode()
              + " (expected "
              + status
              + ") "
              + body.substring(0, Math.min(200, body.length())).trim());
    }
  }

  private record Tag(String name, Map<String, String> attributes) {}

  private static List<Tag> tags(String html) {
    List<Tag> tags = new ArrayList<>();
    Matcher matcher = TAG.matcher(html);
    while (matcher.find()) {
      Map<String, String> attributes = new HashMap<>();
      Matcher attribute = ATTRIBUTE.matcher(matcher.group(2));
      while (attribute.find()) {
        attributes.put(
            attribute.group(1).toLowerCase(java.util.Locale.ROOT), unescape(attribute.group(2)));
      }
      tags.add(new Tag(matcher.group(1).toLowerCase(java.util.Locale.ROOT), attributes));
    }
    return tags;
  }

  private static String unescape(String value) {
    return value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
