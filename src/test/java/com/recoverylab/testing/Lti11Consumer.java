package com.recoverylab.testing;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.imsglobal.lti.BasicLTIUtil;

/**
 * The platform as an LTI 1.1 consumer of one tool: builds launches from one valid Moodle-shaped
 * baseline (change one thing per test), signs them with basiclti-util's consumer-side signer and
 * posts them, directly or from an auto-submitting platform page.
 */
public final class Lti11Consumer {
  /** The quiz the baseline launch opens. */
  public static final String QUIZ = "back-to-back";

  private final FakePlatform platform;
  private final String key;
  private final String secret;
  private final String launchUrl;

  Lti11Consumer(FakePlatform platform, String key, String secret, String launchUrl) {
    this.platform = platform;
    this.key = key;
    this.secret = secret;
    this.launchUrl = launchUrl;
  }

  public String key() {
    return key;
  }

  public String secret() {
    return secret;
  }

  /** The tool's LTI 1.1 launch URL. */
  public String launchUrl() {
    return launchUrl;
  }

  /** A learner opening a graded quiz, as Moodle sends it (before signing). */
  public Map<String, String> learnerLaunch() {
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
    p.put("lis_outcome_service_url", platform.outcomes().url());
    p.put(
        "lis_result_sourcedid",
        "{\"data\":{\"instanceid\":\"2\",\"userid\":\"7\",\"launchid\":1}}");
    p.put("launch_presentation_return_url", platform.issuer() + "/mod/lti/return.php?course=3");
    p.put("tool_consumer_info_product_family_code", "moodle");
    return p;
  }

  /** Signed with this consumer's key and secret, now, with a fresh nonce. */
  public Map<String, String> sign(Map<String, String> launch) {
    return signWith(launch, key, secret, launchUrl);
  }

  /** Signed by basiclti-util's signer; it keeps any oauth_timestamp or oauth_nonce already set. */
  public static Map<String, String> signWith(
      Map<String, String> launch, String key, String secret, String url) {
    Map<String, String> unsigned = new HashMap<>(launch);
    unsigned.putIfAbsent("oauth_nonce", UUID.randomUUID().toString());
    return BasicLTIUtil.signProperties(
        unsigned, url, "POST", key, secret, "moodle.example.edu", "Test Moodle", null, null, null);
  }

  /** Posts the form the way a browser submits it, following the tool's redirect. */
  public Page post(WebClient browser, Map<String, String> params) throws IOException {
    return post(browser, launchUrl, params);
  }

  public static Page post(WebClient browser, String url, Map<String, String> params)
      throws IOException {
    WebRequest request = new WebRequest(new URL(url), HttpMethod.POST);
    request.setCharset(StandardCharsets.UTF_8);
    request.setRequestParameters(
        params.entrySet().stream().map(e -> new NameValuePair(e.getKey(), e.getValue())).toList());
    return browser.getPage(request);
  }

  /** Opens Moodle's launch page, whose form of the signed fields submits itself to the tool. */
  public Page launchFromPlatformPage(WebClient browser, Map<String, String> signed)
      throws IOException {
    browser.getPage(platform.autoPostPage(launchUrl, signed));
    return browser.getCurrentWindow().getEnclosedPage();
  }
}
