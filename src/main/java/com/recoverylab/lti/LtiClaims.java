package com.recoverylab.lti;

/**
 * Claim names, scopes and values of LTI 1.3 messages and services (LTI Core 1.3 §5, Deep Linking
 * 2.0, AGS, NRPS), spelled once: the tool reads them and the sandbox platform writes them.
 */
public final class LtiClaims {
  private static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";

  public static final String MESSAGE_TYPE = LTI + "message_type";
  public static final String VERSION = LTI + "version";
  public static final String DEPLOYMENT_ID = LTI + "deployment_id";
  public static final String TARGET_LINK_URI = LTI + "target_link_uri";
  public static final String RESOURCE_LINK = LTI + "resource_link";
  public static final String ROLES = LTI + "roles";
  public static final String CONTEXT = LTI + "context";
  public static final String CUSTOM = LTI + "custom";
  public static final String LAUNCH_PRESENTATION = LTI + "launch_presentation";
  public static final String FOR_USER = LTI + "for_user";
  public static final String TOOL_PLATFORM = LTI + "tool_platform";
  private static final String DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
  public static final String DEEP_LINKING_SETTINGS = DL + "deep_linking_settings";
  public static final String DL_CONTENT_ITEMS = DL + "content_items";
  public static final String DL_DATA = DL + "data";
  public static final String DL_MSG = DL + "msg";
  public static final String DL_ERRORMSG = DL + "errormsg";
  public static final String AGS_ENDPOINT =
      "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
  public static final String NRPS =
      "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";

  private static final String AGS_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/";
  public static final String SCOPE_LINEITEM = AGS_SCOPE + "lineitem";
  public static final String SCOPE_LINEITEM_READONLY = AGS_SCOPE + "lineitem.readonly";
  public static final String SCOPE_RESULT_READONLY = AGS_SCOPE + "result.readonly";

  /** AGS 3.1: the scope that lets the tool publish scores. */
  public static final String SCOPE_SCORE = AGS_SCOPE + "score";

  public static final String SCOPE_MEMBERSHIPS =
      "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
  public static final String BASIC_OUTCOME =
      "https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome";

  public static final String NONCE = "nonce";
  public static final String AZP = "azp";
  public static final String NAME = "name";
  public static final String GIVEN_NAME = "given_name";
  public static final String FAMILY_NAME = "family_name";
  public static final String EMAIL = "email";

  public static final String RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest";
  public static final String DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest";
  public static final String SUBMISSION_REVIEW_REQUEST = "LtiSubmissionReviewRequest";
  public static final String DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse";
  public static final String LTI_VERSION = "1.3.0";

  /**
   * The custom parameter that names a link's content: {@code quiz:<id>}, {@code lesson:<id>},
   * {@code overview}.
   */
  public static final String CUSTOM_CONTENT = "content";

  private LtiClaims() {}
}
