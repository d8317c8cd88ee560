package com.recoverylab.lti.legacy;

import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.web.HttpError;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imsglobal.lti.launch.LtiOauthVerifier;
import org.imsglobal.lti.launch.LtiVerificationException;
import org.imsglobal.lti.launch.LtiVerificationResult;

/**
 * Checks an LTI 1.1 launch (an OAuth 1.0a signed form POST) and turns it into launch facts. Every
 * refusal is an {@link HttpError} that names what is wrong; nothing is written here.
 */
final class LegacyLaunchValidator {
  static final String OAUTH_CONSUMER_KEY = "oauth_consumer_key";
  static final String OAUTH_SIGNATURE_METHOD = "oauth_signature_method";
  static final String OAUTH_TIMESTAMP = "oauth_timestamp";
  static final String OAUTH_NONCE = "oauth_nonce";
  static final String OAUTH_SIGNATURE = "oauth_signature";
  static final String LTI_MESSAGE_TYPE = "lti_message_type";
  static final String LTI_VERSION = "lti_version";
  static final String RESOURCE_LINK_ID = "resource_link_id";
  static final String RESOURCE_LINK_TITLE = "resource_link_title";
  static final String USER_ID = "user_id";
  static final String ROLES = "roles";
  static final String NAME_FULL = "lis_person_name_full";
  static final String NAME_GIVEN = "lis_person_name_given";
  static final String NAME_FAMILY = "lis_person_name_family";
  static final String EMAIL = "lis_person_contact_email_primary";
  static final String CONTEXT_ID = "context_id";
  static final String CONTEXT_LABEL = "context_label";
  static final String CONTEXT_TITLE = "context_title";
  static final String CUSTOM_CONTENT = "custom_content";
  static final String OUTCOME_SERVICE_URL = "lis_outcome_service_url";
  static final String RESULT_SOURCEDID = "lis_result_sourcedid";
  static final String RETURN_URL = "launch_presentation_return_url";
  static final String BASIC_LAUNCH = "basic-lti-launch-request";
  static final String LTI_1P0 = "LTI-1p0";
  static final String HMAC_SHA1 = "HMAC-SHA1";

  /**
   * RFC 5849 3.3 leaves the window to the server; five minutes either way, as most platforms
   * expect.
   */
  static final Duration TIMESTAMP_WINDOW = Duration.ofMinutes(5);

  private static final Pattern CONTENT =
      Pattern.compile("(quiz|lesson):([A-Za-z0-9_-]{1,100})|overview");
  private static final int ID_MAX = 255;
  private static final int URL_MAX = 2000;

  private final Function<String, Optional<Consumer>> consumers;
  private final String launchUrl;
  private final Clock clock;

  /**
   * @param launchUrl the tool's public launch URL, which is what the platform signed (behind a TLS
   *     proxy the request Jetty sees may differ in scheme or host)
   */
  LegacyLaunchValidator(
      Function<String, Optional<Consumer>> consumers, String launchUrl, Clock clock) {
    this.consumers = consumers;
    this.launchUrl = launchUrl;
    this.clock = clock;
  }

  ValidatedLaunch validate(Map<String, String> params) {
    // RFC 5849 3.1 / LTI 1.1 Implementation Guide "Security Model": launches are signed
    // with HMAC-SHA1 using the consumer's key and shared secret
    String key = require(params, OAUTH_CONSUMER_KEY);
    require(params, OAUTH_SIGNATURE);
    if (!HMAC_SHA1.equals(params.get(OAUTH_SIGNATURE_METHOD))) {
      throw HttpError.badRequest(
          "error.legacy.signatureMethod", shorten(params.get(OAUTH_SIGNATURE_METHOD)));
    }
    Consumer consumer =
        consumers
            .apply(key)
            .orElseThrow(() -> HttpError.unauthorized("error.legacy.unknownKey", shorten(key)));

    // RFC 5849 3.3: the timestamp must be recent; the nonce makes the request unique within it
    Instant timestamp = parseTimestamp(require(params, OAUTH_TIMESTAMP));
    Instant now = clock.instant();
    if (Duration.between(timestamp, now).abs().compareTo(TIMESTAMP_WINDOW) > 0) {
      throw HttpError.unauthorized("error.legacy.staleTimestamp");
    }
    String nonce = require(params, OAUTH_NONCE);
    checkLength(OAUTH_NONCE, nonce, ID_MAX);

    // RFC 5849 3.2: the signature over the URL the platform signed and every parameter.
    // The nonce is claimed only after this passes, so a forged request cannot burn it.
    verifySignature(params, consumer);

    // LTI 1.1 Implementation Guide "Basic Launch Data": message type and version are required
    String messageType = require(params, LTI_MESSAGE_TYPE);
    if (!BASIC_LAUNCH.equals(messageType)) {
      throw HttpError.badRequest("error.legacy.messageType", shorten(messageType));
    }
    String version = require(params, LTI_VERSION);
    if (!LTI_1P0.equals(version)) {
      throw HttpError.badRequest("error.legacy.version", shorten(version));
    }
    String linkId = require(params, RESOURCE_LINK_ID);
    checkLength(RESOURCE_LINK_ID, linkId, ID_MAX);
    String userId = require(params, USER_ID);
    checkLength(USER_ID, userId, ID_MAX);
    // a launch without a context (some platforms omit it outside courses) is its own course
    String contextId = present(params, CONTEXT_ID).orElse(linkId);
    checkLength(CONTEXT_ID, contextId, ID_MAX);

    String contentKind = null;
    String contentId = null;
    Optional<String> content = present(params, CUSTOM_CONTENT);
    if (content.isPresent()) {
      Matcher matcher = CONTENT.matcher(content.get().strip());
      if (!matcher.matches()) {
        throw HttpError.badRequest("error.legacy.content", shorten(content.get()));
      }
      contentKind = matcher.group(1) == null ? "overview" : matcher.group(1);
      contentId = matcher.group(2);
    }

    OutcomeAddress outcome = outcomeAddress(params);
    String linkTitle = text(params, RESOURCE_LINK_TITLE, 1000);
    LaunchFacts facts =
        new LaunchFacts(
            consumer.platformId(),
            consumer.key(),
            userId,
            text(params, NAME_FULL, 300),
            text(params, NAME_GIVEN, 300),
            text(params, NAME_FAMILY, 300),
            text(params, EMAIL, 320),
            contextId,
            text(params, CONTEXT_LABEL, 300),
            present(params, CONTEXT_TITLE).isPresent()
                ? text(params, CONTEXT_TITLE, 1000)
                : linkTitle,
            linkId,
            linkTitle,
            LegacyRoles.map(params.get(ROLES)),
            contentKind,
            contentId,
            null,
            launchData(params, outcome != null));
    return new ValidatedLaunch(
        consumer, nonce, timestamp.plus(TIMESTAMP_WINDOW).plusSeconds(60), facts, outcome);
  }

  private void verifySignature(Map<String, String> params, Consumer consumer) {
    LtiVerificationResult result;
    try {
      result =
          new LtiOauthVerifier().verifyParameters(params, launchUrl, "POST", consumer.secret());
    } catch (LtiVerificationException e) {
      throw HttpError.unauthorized("error.legacy.badSignature");
    }
    if (!Boolean.TRUE.equals(result.getSuccess())) {
      // the library's message lists every parameter; the user gets ours, the log only the key
      throw HttpError.unauthorized("error.legacy.badSignature");
    }
  }

  /** Both outcome parameters or neither; the URL must be an absolute http(s) URL. */
  private static OutcomeAddress outcomeAddress(Map<String, String> params) {
    Optional<String> url = present(params, OUTCOME_SERVICE_URL);
    Optional<String> sourcedId = present(params, RESULT_SOURCEDID);
    if (url.isEmpty() || sourcedId.isEmpty()) {
      return null;
    }
    checkLength(OUTCOME_SERVICE_URL, url.get(), URL_MAX);
    checkLength(RESULT_SOURCEDID, sourcedId.get(), URL_MAX);
    try {
      URI uri = new URI(url.get().strip());
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(url.get(), "not an absolute http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw HttpError.badRequest("error.legacy.outcomeUrl", shorten(url.get()));
    }
    return new OutcomeAddress(url.get().strip(), sourcedId.get());
  }

  /** What later pages may want from the launch; never the OAuth parameters. */
  private static LaunchData launchData(Map<String, String> params, boolean outcomes) {
    // Moodle sends the outcome address only when the activity accepts grades from the tool
    return new LaunchData(
        null,
        outcomes,
        null,
        null,
        null,
        null,
        null,
        null,
        present(params, RETURN_URL).orElse(null),
        null,
        "1.1");
  }

  private static Instant parseTimestamp(String value) {
    try {
      return Instant.ofEpochSecond(Long.parseLong(value.strip()));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw HttpError.badRequest("error.legacy.badTimestamp", shorten(value));
    }
  }

  private static String require(Map<String, String> params, String name) {
    return present(params, name)
        .orElseThrow(() -> HttpError.badRequest("error.legacy.missingParameter", name));
  }

  private static Optional<String> present(Map<String, String> params, String name) {
    String value = params.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  private static void checkLength(String name, String value, int max) {
    if (value.length() > max) {
      throw HttpError.badRequest("error.legacy.tooLong", name, String.valueOf(max));
    }
  }

  /**
   * Display text: trimmed to what the column holds, since a long title should not stop a student.
   */
  private static String text(Map<String, String> params, String name, int max) {
    return present(params, name)
        .map(String::strip)
        .map(v -> v.length() > max ? v.substring(0, max) : v)
        .orElse(null);
  }

  /** Values echoed on error pages are cut short; the page escapes them. */
  private static String shorten(String value) {
    if (value == null) {
      return "";
    }
    return value.length() > 80 ? value.substring(0, 80) + "…" : value;
  }
}
