package com.recoverylab.lti.services;

import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.lti.keys.ToolKeys;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The signed {@code LtiDeepLinkingResponse} message the tool posts back to the platform's {@code
 * deep_link_return_url} (LTI Deep Linking 2.0, section 4.2 "Deep linking response message"),
 * carrying {@code ltiResourceLink} content items (section 3.4.2).
 */
public final class DeepLinkingResponse {
  /** Long enough to survive a slow return to the platform, far shorter than a key's retirement. */
  public static final Duration LIFETIME = Duration.ofMinutes(5);

  private final ToolKeys keys;
  private final Clock clock;

  public DeepLinkingResponse(ToolKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Who the response is for.
   *
   * @param clientId the tool's client id at the platform (the response's {@code iss})
   * @param platformIssuer the platform's issuer (the response's {@code aud})
   * @param deploymentId the deployment the request came through
   * @param data the request's opaque {@code data}, echoed unchanged; null when it had none
   */
  public record Addressee(
      String clientId, String platformIssuer, String deploymentId, Object data) {
    public Addressee {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(platformIssuer, "platformIssuer");
      Objects.requireNonNull(deploymentId, "deploymentId");
    }
  }

  /** A gradebook column the platform creates with the link (section 3.4.2.1 "Line item"). */
  public record LineItem(double scoreMaximum, String label, String resourceId, String tag) {
    public LineItem {
      if (scoreMaximum <= 0) {
        throw new IllegalArgumentException("scoreMaximum must be positive: " + scoreMaximum);
      }
      Objects.requireNonNull(label, "label");
    }

    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("scoreMaximum", number(scoreMaximum));
      json.put("label", label);
      if (resourceId != null) {
        json.put("resourceId", resourceId);
      }
      if (tag != null) {
        json.put("tag", tag);
      }
      // LTI Submission Review 1.0: a grade clicked in the gradebook opens the student's attempts
      json.put(
          "submissionReview",
          Map.of("reachableAs", java.util.List.of(LtiClaims.SUBMISSION_REVIEW_REQUEST)));
      return json;
    }
  }

  /**
   * An {@code ltiResourceLink} item: launching it opens {@code url} with the custom parameters
   * (strings only, as the platform passes them back in the launch's custom claim).
   *
   * @param lineItem null for an ungraded link
   */
  public record ResourceLink(
      String title, String text, String url, Map<String, String> custom, LineItem lineItem) {
    public ResourceLink {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(url, "url");
      custom = Map.copyOf(custom);
    }

    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("type", "ltiResourceLink");
      json.put("title", title);
      if (text != null && !text.isBlank()) {
        json.put("text", text);
      }
      json.put("url", url);
      if (!custom.isEmpty()) {
        json.put("custom", new LinkedHashMap<>(new java.util.TreeMap<>(custom)));
      }
      if (lineItem != null) {
        json.put("lineItem", lineItem.json());
      }
      return json;
    }
  }

  /** Signs the response with the tool's current key (RS256, with {@code kid}). */
  public String sign(Addressee to, List<ResourceLink> items, String message) {
    return keys.sign(claims(to, items, message));
  }

  /** The response's claims; {@code items} may be empty (the instructor chose nothing). */
  public JWTClaimsSet claims(Addressee to, List<ResourceLink> items, String message) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            // 4.2: iss is the tool's client id, aud the platform's issuer
            .issuer(to.clientId())
            .audience(to.platformIssuer())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .claim("nonce", UUID.randomUUID().toString())
            .claim(LtiClaims.DEPLOYMENT_ID, to.deploymentId())
            .claim(LtiClaims.MESSAGE_TYPE, LtiClaims.DEEP_LINKING_RESPONSE)
            .claim(LtiClaims.VERSION, LtiClaims.LTI_VERSION)
            .claim(LtiClaims.DL_CONTENT_ITEMS, items.stream().map(ResourceLink::json).toList());
    // 4.2: data must be returned unchanged when the request carried it
    if (to.data() != null) {
      claims.claim(LtiClaims.DL_DATA, to.data());
    }
    if (message != null && !message.isBlank()) {
      claims.claim(LtiClaims.DL_MSG, message);
    }
    return claims.build();
  }

  /** 10 for 10.0 (platforms read either; whole numbers read better in their logs). */
  private static Number number(double value) {
    BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
    return exact.scale() <= 0 ? (Number) exact.longValueExact() : (Number) value;
  }
}
