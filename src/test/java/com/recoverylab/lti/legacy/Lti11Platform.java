package com.recoverylab.lti.legacy;

import com.recoverylab.app.AppServer;
import com.recoverylab.store.Jdbc;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.imsglobal.lti.BasicLTIUtil;

/**
 * A test LTI 1.1 platform: builds launches from one valid baseline (change one thing per test),
 * signs them with basiclti-util's consumer-side signer and posts them to the tool.
 */
final class Lti11Platform {
  static final String QUIZ = "back-to-back";
  private final AppServer server;
  final String key;
  final String secret;

  private Lti11Platform(AppServer server, String key, String secret) {
    this.server = server;
    this.key = key;
    this.secret = secret;
  }

  /** Creates a consumer key in the server's database and a platform that uses it. */
  static Lti11Platform register(AppServer server, String key) {
    NewConsumer created = new Consumers(jdbc(server), Clock.systemUTC()).create(key, "Test Moodle " + key);
    return new Lti11Platform(server, created.key(), created.secret());
  }

  static Jdbc jdbc(AppServer server) {
    return new Jdbc(server.database().dataSource(), server.database().isPostgres());
  }

  String launchUrl() {
    return server.config().url("/lti/11/launch");
  }

  /** A learner opening a graded quiz, as Moodle sends it (before signing). */
  static Map<String, String> learnerLaunch() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("lti_message_type", "basic-lti-launch-request");
    p.put("lti_version", "LTI-1p0");
    p.put("resource_link_id", "42");
    p.put("resource_link_title", "Week 2: back-to-back runs");
    p.put("user_id", "7");
    p.put("roles", "Learner");
    p.put("lis_person_name_full", "Zoë Runner");
    p.put("lis_person_name_given", "Zoë");
    p.put("lis_person_name_family", "Runner");
    p.put("lis_person_contact_email_primary", "zoe@example.edu");
    p.put("context_id", "3");
    p.put("context_label", "RUN101");
    p.put("context_title", "Running well");
    p.put("custom_content", "quiz:" + QUIZ);
    p.put("lis_outcome_service_url", "https://moodle.example.edu/mod/lti/service.php");
    p.put("lis_result_sourcedid", "{\"data\":{\"instanceid\":\"2\",\"userid\":\"7\",\"launchid\":1}}");
    p.put("launch_presentation_return_url", "https://moodle.example.edu/mod/lti/return.php?course=3");
    p.put("tool_consumer_info_product_family_code", "moodle");
    return p;
  }

  /** Signed with this platform's key and secret, now, with a fresh nonce. */
  Map<String, String> sign(Map<String, String> launch) {
    return signWith(launch, key, secret, launchUrl());
  }

  /** Signed by basiclti-util's signer; it keeps any oauth_timestamp or oauth_nonce already set. */
  static Map<String, String> signWith(Map<String, String> launch, String key, String secret, String url) {
    Map<String, String> unsigned = new HashMap<>(launch);
    unsigned.putIfAbsent("oauth_nonce", UUID.randomUUID().toString());
    return BasicLTIUtil.signProperties(unsigned, url, "POST", key, secret, "moodle.example.edu", "Test Moodle",
        null, null, null);
  }

  /** Posts the form the way a browser submits it, following the tool's redirect. */
  Page post(WebClient browser, Map<String, String> params) throws IOException {
    return post(browser, launchUrl(), params);
  }

  static Page post(WebClient browser, String url, Map<String, String> params) throws IOException {
    WebRequest request = new WebRequest(new URL(url), HttpMethod.POST);
    request.setCharset(StandardCharsets.UTF_8);
    request.setRequestParameters(params.entrySet().stream()
        .map(e -> new NameValuePair(e.getKey(), e.getValue())).toList());
    return browser.getPage(request);
  }

  /** How many rows the launch tables hold, to show that a refused launch wrote nothing. */
  Map<String, Long> counts() {
    Jdbc jdbc = jdbc(server);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : List.of("users", "courses", "resource_links", "launch_sessions", "lti11_nonces",
        "legacy_outcomes")) {
      counts.put(table, jdbc.queryOne("SELECT COUNT(*) AS n FROM " + table, row -> row.getLong("n")).orElseThrow());
    }
    return counts;
  }
}
