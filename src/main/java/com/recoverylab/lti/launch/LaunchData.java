package com.recoverylab.lti.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.recoverylab.web.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a launch keeps with its session for later pages (grade service, roster and deep-linking
 * endpoints), written by the LTI 1.3 and 1.1 launches and read by the features behind them. It
 * travels as JSON in the session row; the key names below are that stored form, unchanged, so
 * sessions written before this type existed read the same.
 *
 * @param messageType the LTI message type, or null (LTI 1.1)
 * @param gradeService false when the launch offered no way to send this user's grade (LTI 1.3
 *     without the score scope, LTI 1.1 without an outcome address); null when unknown, which sends
 *     grades as before
 * @param deploymentId the platform's deployment id, or null (LTI 1.1)
 * @param membershipsUrl the Names and Role Provisioning Services endpoint, or null
 * @param lineItemsUrl the AGS line items container of the context, or null
 * @param deepLinking the deep-linking request's settings, or null when not a deep-linking launch
 * @param basicOutcome the LTI 1.3 Basic Outcomes claim, or null
 * @param forUserId whose work a submission review shows, or null
 * @param returnUrl where the platform wants the user sent back, or null
 * @param documentTarget how the platform shows the tool ({@code iframe}, {@code window}), or null
 * @param ltiVersion {@code 1.1} for an LTI 1.1 launch, else null
 */
public record LaunchData(
    String messageType,
    Boolean gradeService,
    String deploymentId,
    String membershipsUrl,
    String lineItemsUrl,
    DeepLinkingRequest deepLinking,
    BasicOutcome basicOutcome,
    String forUserId,
    String returnUrl,
    String documentTarget,
    String ltiVersion) {

  /** A launch that kept nothing: no optional services. */
  public static final LaunchData NONE =
      new LaunchData(null, null, null, null, null, null, null, null, null, null, null);

  // the stored form: renaming one of these turns the feature off for sessions already started
  private static final String MESSAGE_TYPE = "message_type";
  private static final String GRADE_SERVICE = "grade_service";
  private static final String DEPLOYMENT_ID = "deployment_id";
  private static final String MEMBERSHIPS_URL = "context_memberships_url";
  private static final String LINE_ITEMS_URL = "ags_lineitems_url";
  private static final String DEEP_LINKING = "deep_linking_settings";
  private static final String BASIC_OUTCOME = "basic_outcome";
  private static final String FOR_USER = "for_user";
  private static final String FOR_USER_ID = "user_id";
  private static final String RETURN_URL = "return_url";
  private static final String DOCUMENT_TARGET = "document_target";
  private static final String LTI_VERSION = "lti_version";

  /**
   * The platform's deep-linking settings claim (LTI Deep Linking 2.0, 4.1.1), as sent; the
   * instructor feature decides what of it is usable.
   *
   * @param acceptMultiple null when the platform did not say
   * @param acceptLineItem null when the platform did not say (the claim's default is true)
   * @param data the opaque {@code data} to echo, as plain Java values, or null
   */
  public record DeepLinkingRequest(
      String returnUrl,
      List<String> acceptTypes,
      Boolean acceptMultiple,
      Boolean acceptLineItem,
      Object data,
      String title,
      String text) {
    static final String RETURN_URL = "deep_link_return_url";
    static final String ACCEPT_TYPES = "accept_types";
    static final String ACCEPT_MULTIPLE = "accept_multiple";
    static final String ACCEPT_LINE_ITEM = "accept_lineitem";
    static final String DATA = "data";
    static final String TITLE = "title";
    static final String TEXT = "text";

    public DeepLinkingRequest {
      acceptTypes = acceptTypes == null ? List.of() : List.copyOf(acceptTypes);
    }

    static DeepLinkingRequest read(JsonNode claim) {
      if (claim == null || !claim.isObject()) {
        return null;
      }
      List<String> types = new ArrayList<>();
      JsonNode accept = claim.path(ACCEPT_TYPES);
      if (accept.isArray()) {
        accept.forEach(
            type -> {
              if (type.isTextual()) {
                types.add(type.asText());
              }
            });
      }
      JsonNode data = claim.path(DATA);
      return new DeepLinkingRequest(
          textAt(claim, RETURN_URL),
          types,
          bool(claim, ACCEPT_MULTIPLE),
          bool(claim, ACCEPT_LINE_ITEM),
          data.isMissingNode() || data.isNull()
              ? null
              : Json.MAPPER.convertValue(data, Object.class),
          textAt(claim, TITLE),
          textAt(claim, TEXT));
    }

    void write(ObjectNode into) {
      put(into, RETURN_URL, returnUrl);
      acceptTypes.forEach(into.putArray(ACCEPT_TYPES)::add);
      if (acceptMultiple != null) {
        into.put(ACCEPT_MULTIPLE, acceptMultiple);
      }
      if (acceptLineItem != null) {
        into.put(ACCEPT_LINE_ITEM, acceptLineItem);
      }
      if (data != null) {
        into.set(DATA, Json.MAPPER.valueToTree(data));
      }
      put(into, TITLE, title);
      put(into, TEXT, text);
    }
  }

  /** The LTI 1.3 Basic Outcomes claim: where an LTI 1.1 outcome for this launch would go. */
  public record BasicOutcome(String serviceUrl, String sourcedId) {
    static final String SERVICE_URL = "lis_outcome_service_url";
    static final String SOURCED_ID = "lis_result_sourcedid";

    static BasicOutcome read(JsonNode claim) {
      if (claim == null || !claim.isObject()) {
        return null;
      }
      String url = textAt(claim, SERVICE_URL);
      String id = textAt(claim, SOURCED_ID);
      return url == null && id == null ? null : new BasicOutcome(url, id);
    }
  }

  /** True unless the launch said the platform takes no grade from the tool for this user. */
  public boolean sendsGrades() {
    return !Boolean.FALSE.equals(gradeService);
  }

  public Optional<String> deployment() {
    return Optional.ofNullable(deploymentId);
  }

  /** The Names and Role Provisioning Services endpoint of the launch's context. */
  public Optional<String> memberships() {
    return Optional.ofNullable(membershipsUrl);
  }

  public Optional<DeepLinkingRequest> deepLinkingRequest() {
    return Optional.ofNullable(deepLinking);
  }

  /**
   * Reads the stored form. Data that is not JSON (never written by the launch) means no optional
   * services; a value of the wrong type reads as absent.
   */
  public static LaunchData fromJson(String json) {
    JsonNode root;
    try {
      root = json == null || json.isBlank() ? null : Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return NONE;
    }
    if (root == null || !root.isObject()) {
      return NONE;
    }
    return new LaunchData(
        textAt(root, MESSAGE_TYPE),
        bool(root, GRADE_SERVICE),
        textAt(root, DEPLOYMENT_ID),
        textAt(root, MEMBERSHIPS_URL),
        textAt(root, LINE_ITEMS_URL),
        DeepLinkingRequest.read(root.path(DEEP_LINKING)),
        BasicOutcome.read(root.path(BASIC_OUTCOME)),
        textAt(root.path(FOR_USER), FOR_USER_ID),
        textAt(root, RETURN_URL),
        textAt(root, DOCUMENT_TARGET),
        textAt(root, LTI_VERSION));
  }

  /** The stored form: absent values are left out. */
  public String toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    put(root, LTI_VERSION, ltiVersion);
    put(root, MESSAGE_TYPE, messageType);
    if (gradeService != null) {
      root.put(GRADE_SERVICE, gradeService);
    }
    put(root, DEPLOYMENT_ID, deploymentId);
    put(root, MEMBERSHIPS_URL, membershipsUrl);
    put(root, LINE_ITEMS_URL, lineItemsUrl);
    if (deepLinking != null) {
      deepLinking.write(root.putObject(DEEP_LINKING));
    }
    if (forUserId != null) {
      root.putObject(FOR_USER).put(FOR_USER_ID, forUserId);
    }
    if (basicOutcome != null) {
      ObjectNode outcome = root.putObject(BASIC_OUTCOME);
      put(outcome, BasicOutcome.SERVICE_URL, basicOutcome.serviceUrl());
      put(outcome, BasicOutcome.SOURCED_ID, basicOutcome.sourcedId());
    }
    put(root, RETURN_URL, returnUrl);
    put(root, DOCUMENT_TARGET, documentTarget);
    return root.toString();
  }

  private static void put(ObjectNode into, String key, String value) {
    if (value != null) {
      into.put(key, value);
    }
  }

  private static String textAt(JsonNode object, String key) {
    JsonNode value = object.path(key);
    // some platforms send numeric ids
    if (value.isNumber()) {
      return value.asText();
    }
    return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  private static Boolean bool(JsonNode object, String key) {
    JsonNode value = object.path(key);
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    // written by hand or by an older tool version as text
    if (value.isTextual() && ("true".equals(value.asText()) || "false".equals(value.asText()))) {
      return Boolean.valueOf(value.asText());
    }
    return null;
  }
}
