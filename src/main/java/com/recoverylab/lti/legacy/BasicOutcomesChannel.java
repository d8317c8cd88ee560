package com.recoverylab.lti.legacy;

import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.grading.DeliveryResult;
import com.recoverylab.grading.GradeChannel;
import com.recoverylab.grading.OutboxRow;
import com.recoverylab.grading.RetryAfter;
import com.recoverylab.lti.legacy.OutcomeRepository.OutcomeTarget;
import com.recoverylab.store.Jdbc;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.oauth.OAuth;
import net.oauth.OAuthAccessor;
import net.oauth.OAuthConsumer;
import net.oauth.OAuthException;
import net.oauth.OAuthMessage;
import org.imsglobal.pox.IMSPOXRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers grades of LTI 1.1 links with the Basic Outcomes service: a POX replaceResult, signed
 * with OAuth 1.0a (HMAC-SHA1 and the body hash) using the consumer's key and secret.
 */
public final class BasicOutcomesChannel implements GradeChannel {
  private static final Logger log = LoggerFactory.getLogger(BasicOutcomesChannel.class);
  static final String OAUTH_BODY_HASH = "oauth_body_hash";
  static final String NOT_TAKEN =
      "The platform did not take the grade. In Moodle this means the activity does"
          + " not accept grades from the tool (set \"Accept grades from the tool\" to Always in the tool's privacy"
          + " settings, or turn it on in the activity), or the learner last opened the activity without grades: ask"
          + " them to open it again from the course, then send the grade again.";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OutcomeRepository outcomes;
  private final CourseRecordRepository links;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param http the tool's shared client; it should not follow redirects: a redirected POST loses
   *     its body or its signature
   * @param timeout how long one call may take before it counts as a passing problem
   */
  public BasicOutcomesChannel(Jdbc jdbc, HttpClient http, Duration timeout, Clock clock) {
    this.outcomes = new OutcomeRepository(jdbc);
    this.links = new CourseRecordRepository(jdbc);
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * The learner's outcome address on the link and the credentials of the consumer whose course
   * holds it.
   */
  private Optional<OutcomeTarget> target(OutboxRow row) {
    return links
        .platformOf(row.resourceLinkId())
        .flatMap(platformId -> outcomes.findTarget(row.resourceLinkId(), row.userId(), platformId));
  }

  @Override
  public boolean serves(OutboxRow row) {
    return target(row).isPresent();
  }

  @Override
  public DeliveryResult deliver(OutboxRow row) {
    Optional<OutcomeTarget> found = target(row);
    if (found.isEmpty()) {
      return new DeliveryResult.Failed(
          "The platform gave no Basic Outcomes address for this learner and link.");
    }
    OutcomeTarget target = found.get();
    String score;
    try {
      score = ReplaceResult.score(row.scoreGiven(), row.scoreMaximum());
    } catch (IllegalArgumentException e) {
      return new DeliveryResult.Failed("The grade cannot be sent: " + e.getMessage());
    }
    byte[] body =
        ReplaceResult.utf8(
            ReplaceResult.request(
                UUID.randomUUID().toString(), target.address().sourcedId(), score));
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(new URI(target.address().serviceUrl()))
              .timeout(timeout)
              .header("Content-Type", "application/xml; charset=utf-8")
              .header("Accept", "application/xml")
              .header("Authorization", authorization(target, body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return new DeliveryResult.Failed(
          "The platform's Basic Outcomes URL is not usable: " + target.address().serviceUrl());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // timeouts, refused connections, resets: the platform may be back later
      return retry(row, "The platform did not answer: " + describe(e), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return retry(row, "Delivery was interrupted while the tool stopped.", null);
    }
    DeliveryResult result = interpret(response, clock.instant());
    log.info(
        "event=basic_outcome link={} user={} status={} result={}",
        row.resourceLinkId(),
        row.userId(),
        response.statusCode(),
        result.getClass().getSimpleName());
    return result;
  }

  /** The platform's answer as a delivery result. */
  static DeliveryResult interpret(HttpResponse<byte[]> response, Instant now) {
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      return new DeliveryResult.RetryLater(
          "The platform answered HTTP " + status + ".",
          RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), now));
    }
    if (status == 401 || status == 403) {
      return new DeliveryResult.Failed(
          "The platform refused the tool's signature (HTTP "
              + status
              + "): check the consumer key and secret.");
    }
    if (status == 404) {
      return new DeliveryResult.Failed(
          "The platform's Basic Outcomes URL does not exist (HTTP 404).");
    }
    if (status != 200) {
      return new DeliveryResult.Failed("The platform answered HTTP " + status + ".");
    }
    ReplaceResult.Status answer;
    try {
      answer = ReplaceResult.status(response.body());
    } catch (IOException e) {
      return new DeliveryResult.Failed("The platform's answer is not a Basic Outcomes response.");
    }
    switch (answer.codeMajor()) {
      case IMSPOXRequest.MAJOR_SUCCESS:
      case IMSPOXRequest.MAJOR_PROCESSING:
        // processing: accepted, the platform finishes on its own
        return new DeliveryResult.Delivered();
      default:
        // failure or unsupported: Moodle answers so when the activity does not accept grades, or
        // when the learner's outcome address is out of date; with debugging on, its description is
        // a stack trace, so the instructor reads a plain reason and the platform's text folded
        return DeliveryResult.Failed.withDetails(
            NOT_TAKEN,
            answer.codeMajor()
                + ": "
                + (answer.description() == null ? "no reason given" : answer.description()));
    }
  }

  /**
   * The OAuth 1.0a Authorization header, with the body hash of the OAuth Request Body Hash
   * extension.
   */
  private static String authorization(OutcomeTarget target, byte[] body) {
    try {
      String bodyHash =
          Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(body));
      OAuthMessage message =
          new OAuthMessage(
              OAuthMessage.POST,
              target.address().serviceUrl(),
              List.of(
                  new OAuth.Parameter(OAUTH_BODY_HASH, bodyHash),
                  // net.oauth's own nonce is the clock's nanoseconds: guessable and shared across
                  // nodes
                  new OAuth.Parameter(OAuth.OAUTH_NONCE, nonce())));
      message.addRequiredParameters(
          new OAuthAccessor(new OAuthConsumer(null, target.consumerKey(), target.secret(), null)));
      return message.getAuthorizationHeader(null);
    } catch (NoSuchAlgorithmException | IOException | OAuthException | URISyntaxException e) {
      throw new IllegalStateException("cannot sign the outcome request", e);
    }
  }

  private static String nonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static DeliveryResult retry(OutboxRow row, String reason, Duration after) {
    log.info(
        "event=basic_outcome link={} user={} result=RetryLater reason=\"{}\"",
        row.resourceLinkId(),
        row.userId(),
        reason);
    return new DeliveryResult.RetryLater(reason, after);
  }

  private static String describe(IOException e) {
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + " " + e.getMessage();
  }
}
