package com.recoverylab.lti.launch;

import static com.recoverylab.lti.launch.IdTokenValidator.object;
import static com.recoverylab.lti.launch.IdTokenValidator.string;

import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.web.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated id_token read in the tool's terms: the facts to record, the message type, the content
 * the link names (custom parameter {@code content}) and, for a submission review, whose work is
 * shown.
 */
record LaunchMessage(
    String messageType, LaunchFacts facts, Optional<LinkContent> content, String forUserId) {

  boolean isDeepLinking() {
    return LtiClaims.DEEP_LINKING_REQUEST.equals(messageType);
  }

  boolean isSubmissionReview() {
    return LtiClaims.SUBMISSION_REVIEW_REQUEST.equals(messageType);
  }

  /**
   * Reads claims the validator has already checked. A {@code content} custom parameter that is not
   * {@code quiz:<id>}, {@code lesson:<id>} or {@code overview} is refused, so a typo in the
   * platform's link settings shows up at once instead of as an unset link.
   */
  static LaunchMessage from(JWTClaimsSet claims, long platformId) {
    String messageType = string(claims, LtiClaims.MESSAGE_TYPE);
    String deploymentId = string(claims, LtiClaims.DEPLOYMENT_ID);
    Map<String, Object> context = object(claims, LtiClaims.CONTEXT);
    Map<String, Object> link = object(claims, LtiClaims.RESOURCE_LINK);
    Map<String, Object> custom = object(claims, LtiClaims.CUSTOM);
    boolean deepLinking = LtiClaims.DEEP_LINKING_REQUEST.equals(messageType);

    Optional<LinkContent> content = Optional.empty();
    String contentValue = string(custom, LtiClaims.CUSTOM_CONTENT);
    if (contentValue != null && !deepLinking) {
      content = LinkContent.parse(contentValue);
      if (content.isEmpty()) {
        throw LaunchRejection.reject(
            400, "lti.launch.badContent", "custom content=" + contentValue, contentValue);
      }
    }

    LaunchFacts.AgsEndpoints ags = null;
    Map<String, Object> agsClaim = object(claims, LtiClaims.AGS_ENDPOINT);
    if (agsClaim != null
        && (string(agsClaim, "lineitems") != null || string(agsClaim, "lineitem") != null)) {
      ags =
          new LaunchFacts.AgsEndpoints(
              string(agsClaim, "lineitems"),
              string(agsClaim, "lineitem"),
              strings(agsClaim.get("scope")));
    }

    LaunchFacts facts =
        new LaunchFacts(
            platformId,
            deploymentId,
            claims.getSubject(),
            string(claims, LtiClaims.NAME),
            string(claims, LtiClaims.GIVEN_NAME),
            string(claims, LtiClaims.FAMILY_NAME),
            string(claims, LtiClaims.EMAIL),
            string(context, "id"),
            string(context, "label"),
            string(context, "title"),
            deepLinking ? null : string(link, "id"),
            deepLinking ? null : string(link, "title"),
            RoleMapping.map(strings(claims.getClaim(LtiClaims.ROLES))),
            content.map(LinkContent::kind).orElse(null),
            content.map(LinkContent::id).orElse(null),
            ags,
            deepLinking ? null : LaunchFacts.carriedRules(custom),
            launchData(
                claims,
                messageType,
                deploymentId,
                agsClaim,
                ags != null && ags.scopes().contains(LtiClaims.SCOPE_SCORE)));
    String forUser = string(object(claims, LtiClaims.FOR_USER), "user_id");
    return new LaunchMessage(messageType, facts, content, forUser);
  }

  /** What later pages need from the launch, kept with the session. */
  private static LaunchData launchData(
      JWTClaimsSet claims,
      String messageType,
      String deploymentId,
      Map<String, Object> ags,
      boolean gradeService) {
    Map<String, Object> presentation = object(claims, LtiClaims.LAUNCH_PRESENTATION);
    Map<String, Object> deepLinking = object(claims, LtiClaims.DEEP_LINKING_SETTINGS);
    return new LaunchData(
        messageType,
        gradeService,
        deploymentId,
        string(object(claims, LtiClaims.NRPS), "context_memberships_url"),
        string(ags, "lineitems"),
        LaunchData.DeepLinkingRequest.read(Json.MAPPER.valueToTree(deepLinking)),
        LaunchData.BasicOutcome.read(
            Json.MAPPER.valueToTree(object(claims, LtiClaims.BASIC_OUTCOME))),
        string(object(claims, LtiClaims.FOR_USER), "user_id"),
        string(presentation, "return_url"),
        string(presentation, "document_target"),
        null);
  }

  private static List<String> strings(Object value) {
    List<String> result = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String s) {
          result.add(s);
        }
      }
    } else if (value instanceof String s) {
      // a few platforms send space-separated scopes as one string
      for (String part : s.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          result.add(part);
        }
      }
    }
    return result;
  }
}
