package com.recoverylab.sandbox;

import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.lti.LtiClaims;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The id_token claims of the two launch messages the sandbox sends, shaped like Moodle 4.5's. */
final class LaunchMessages {
  /** Moodle gives id_tokens one minute. */
  static final long ID_TOKEN_SECONDS = 60;

  private final SandboxUrls urls;

  LaunchMessages(SandboxUrls urls) {
    this.urls = urls;
  }

  /** LTI Core 5.3: a resource link launch, with AGS and NRPS claims. */
  JWTClaimsSet resourceLink(
      SandboxUser user, Activity activity, Optional<LineItem> lineItem, String nonce, Instant now) {
    String target = activity.url() == null ? urls.toolLaunch() : activity.url();
    JWTClaimsSet.Builder claims = common(user, SandboxLaunch.RESOURCE_LINK, target, nonce, now);
    Map<String, Object> link = new LinkedHashMap<>();
    link.put("id", String.valueOf(activity.id()));
    link.put("title", activity.title());
    link.put("description", activity.description() == null ? "" : activity.description());
    claims.claim(LtiClaims.RESOURCE_LINK, link);
    if (!activity.custom().isEmpty()) {
      claims.claim(LtiClaims.CUSTOM, new LinkedHashMap<String, Object>(activity.custom()));
    }
    Map<String, Object> ags = agsClaim();
    // AGS 3.1: lineitem only when exactly one line item belongs to the link
    lineItem.ifPresent(item -> ags.put("lineitem", urls.lineItem(item.id())));
    claims.claim(LtiClaims.AGS_ENDPOINT, ags);
    Map<String, Object> nrps = new LinkedHashMap<>();
    nrps.put("context_memberships_url", urls.memberships());
    nrps.put("service_versions", List.of("1.0", "2.0"));
    claims.claim(LtiClaims.NRPS, nrps);
    return claims.build();
  }

  /**
   * Submission Review 1.0 §2.3: the link's launch with the line item bound and, when one learner's
   * work is reviewed, {@code for_user}. Like Moodle 4.5's gradebook column menu, the whole
   * activity's review carries no {@code for_user}.
   */
  JWTClaimsSet submissionReview(
      SandboxUser user,
      Activity activity,
      LineItem column,
      Optional<SandboxUser> forUser,
      String target,
      String nonce,
      Instant now) {
    JWTClaimsSet.Builder claims = common(user, SandboxLaunch.SUBMISSION_REVIEW, target, nonce, now);
    Map<String, Object> link = new LinkedHashMap<>();
    link.put("id", String.valueOf(activity.id()));
    link.put("title", activity.title());
    claims.claim(LtiClaims.RESOURCE_LINK, link);
    if (!activity.custom().isEmpty()) {
      claims.claim(LtiClaims.CUSTOM, new LinkedHashMap<String, Object>(activity.custom()));
    }
    Map<String, Object> ags = agsClaim();
    ags.put("lineitem", urls.lineItem(column.id()));
    claims.claim(LtiClaims.AGS_ENDPOINT, ags);
    forUser.ifPresent(
        learner -> {
          Map<String, Object> reviewed = new LinkedHashMap<>();
          reviewed.put("user_id", learner.id());
          reviewed.put("name", learner.name());
          reviewed.put("given_name", learner.givenName());
          reviewed.put("family_name", learner.familyName());
          reviewed.put("email", learner.email());
          reviewed.put("roles", List.of(learner.roleUri()));
          claims.claim(LtiClaims.FOR_USER, reviewed);
        });
    return claims.build();
  }

  /** Deep Linking 4.4: a deep-linking request; no resource_link, AGS with lineitems only. */
  JWTClaimsSet deepLinking(SandboxUser user, String data, String nonce, Instant now) {
    JWTClaimsSet.Builder claims =
        common(user, SandboxLaunch.DEEP_LINKING, urls.toolLaunch(), nonce, now);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("deep_link_return_url", urls.deepLinkReturn());
    settings.put("accept_types", List.of("ltiResourceLink"));
    settings.put("accept_presentation_document_targets", List.of("frame", "iframe", "window"));
    settings.put("accept_multiple", true);
    settings.put("accept_lineitem", true);
    settings.put("auto_create", false);
    settings.put("title", SandboxCourse.TITLE);
    settings.put("data", data);
    claims.claim(LtiClaims.DEEP_LINKING_SETTINGS, settings);
    claims.claim(LtiClaims.AGS_ENDPOINT, agsClaim());
    return claims.build();
  }

  private JWTClaimsSet.Builder common(
      SandboxUser user, String messageType, String targetLinkUri, String nonce, Instant now) {
    Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("id", SandboxCourse.ID);
    context.put("label", SandboxCourse.LABEL);
    context.put("title", SandboxCourse.TITLE);
    context.put("type", List.of(SandboxCourse.TYPE));
    Map<String, Object> presentation = new LinkedHashMap<>();
    presentation.put("locale", "en");
    presentation.put("document_target", "iframe");
    presentation.put("return_url", urls.home());
    Map<String, Object> platform = new LinkedHashMap<>();
    platform.put("guid", urls.issuer());
    platform.put("name", SandboxRegistration.NAME);
    platform.put("product_family_code", "recovery-lab-sandbox");
    platform.put("version", "1");
    // Security Framework 5.1.2: id_token claims; aud is one string (no azp), as Moodle sends it
    return new JWTClaimsSet.Builder()
        .issuer(urls.issuer())
        .audience(SandboxUrls.CLIENT_ID)
        .subject(user.id())
        .issueTime(Date.from(issued))
        .expirationTime(Date.from(issued.plusSeconds(ID_TOKEN_SECONDS)))
        .claim("nonce", nonce)
        .claim("name", user.name())
        .claim("given_name", user.givenName())
        .claim("family_name", user.familyName())
        .claim("email", user.email())
        .claim("locale", "en")
        .claim(LtiClaims.MESSAGE_TYPE, messageType)
        .claim(LtiClaims.VERSION, "1.3.0")
        .claim(LtiClaims.DEPLOYMENT_ID, SandboxUrls.DEPLOYMENT_ID)
        .claim(LtiClaims.TARGET_LINK_URI, targetLinkUri)
        .claim(LtiClaims.ROLES, List.of(user.roleUri()))
        .claim(LtiClaims.CONTEXT, context)
        .claim(LtiClaims.LAUNCH_PRESENTATION, presentation)
        .claim(LtiClaims.TOOL_PLATFORM, platform);
  }

  private Map<String, Object> agsClaim() {
    Map<String, Object> ags = new LinkedHashMap<>();
    ags.put(
        "scope",
        new ArrayList<>(
            List.of(
                LtiClaims.SCOPE_LINEITEM,
                LtiClaims.SCOPE_LINEITEM_READONLY,
                LtiClaims.SCOPE_RESULT_READONLY,
                LtiClaims.SCOPE_SCORE)));
    ags.put("lineitems", urls.lineItems());
    return ags;
  }
}
