package com.recoverylab.sandbox;

/** Claim names and scopes of LTI 1.3 and its services, as the specifications spell them. */
final class LtiClaims {
  static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
  static final String MESSAGE_TYPE = LTI + "message_type";
  static final String VERSION = LTI + "version";
  static final String DEPLOYMENT_ID = LTI + "deployment_id";
  static final String TARGET_LINK_URI = LTI + "target_link_uri";
  static final String ROLES = LTI + "roles";
  static final String CONTEXT = LTI + "context";
  static final String RESOURCE_LINK = LTI + "resource_link";
  static final String LAUNCH_PRESENTATION = LTI + "launch_presentation";
  static final String CUSTOM = LTI + "custom";
  static final String FOR_USER = LTI + "for_user";
  static final String TOOL_PLATFORM = LTI + "tool_platform";
  static final String AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
  static final String NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
  static final String DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
  static final String DEEP_LINKING_SETTINGS = DL + "deep_linking_settings";
  static final String DL_CONTENT_ITEMS = DL + "content_items";
  static final String DL_DATA = DL + "data";
  static final String DL_MSG = DL + "msg";
  static final String DL_ERRORMSG = DL + "errormsg";

  static final String SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
  static final String SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
  static final String SCOPE_RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
  static final String SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
  static final String SCOPE_MEMBERSHIPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

  static final String DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse";

  private LtiClaims() {}
}
