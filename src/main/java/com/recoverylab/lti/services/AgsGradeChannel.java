package com.recoverylab.lti.services;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.grading.DeliveryResult;
import com.recoverylab.grading.GradeChannel;
import com.recoverylab.grading.LineItemUpdate;
import com.recoverylab.grading.OutboxRow;
import com.recoverylab.lti.registration.RememberedRegistrations;
import com.recoverylab.lti.services.AgsTargets.AgsTarget;
import com.recoverylab.store.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Delivers grades of LTI 1.3 links through Assignment and Grade Services: finds or creates the
 * link's line item once, then publishes each learner's score to it.
 */
public final class AgsGradeChannel implements GradeChannel {
  static final String TAG = "recovery-lab";
  static final String NO_COLUMN_YET =
      "No gradebook column existed yet: the first grade creates it with this maximum";
  static final String REGISTRATION_CHANGED =
      "The platform's registration changed while this was on its way;"
          + " it is sent again with the registration as it is now";
  static final String COLUMN_IN_THE_MAKING =
      "Another delivery is finding or creating this link's gradebook column;"
          + " this grade follows once it exists";

  private final AgsTargets links;
  private final RememberedRegistrations platforms;
  private final AgsClient client;
  private final Supplier<ContentLibrary> content;
  private final Clock clock;
  private final String node;
  private final Duration claimFor;

  /**
   * @param platforms the node's one memory of registrations (also the launch's)
   * @param node this node's name, in claims of a link's line item
   * @param claimFor how long a claim to find or create a line item holds: longer than the calls
   *     take, so a node that dies mid-call leaves the link to the next try once it expires
   */
  public AgsGradeChannel(
      Jdbc jdbc,
      RememberedRegistrations platforms,
      AgsClient client,
      Supplier<ContentLibrary> content,
      Clock clock,
      String node,
      Duration claimFor) {
    this.links = new AgsTargets(jdbc, platforms);
    this.platforms = platforms;
    this.client = client;
    this.content = content;
    this.clock = clock;
    this.node = node;
    this.claimFor = claimFor;
  }

  @Override
  public boolean serves(OutboxRow row) {
    return target(row).isPresent();
  }

  @Override
  public DeliveryResult deliver(OutboxRow row) {
    return target(row)
        .map(target -> deliver(row, target))
        .orElseGet(
            () ->
                new DeliveryResult.Failed(
                    "The link no longer has grade service endpoints from the platform"));
  }

  /**
   * One look-up of the link per grade, where {@link #serves} and {@link #deliver} would take two.
   */
  @Override
  public Optional<DeliveryResult> deliverIfServed(OutboxRow row) {
    return target(row).map(target -> deliver(row, target));
  }

  /**
   * Changes the link's column: the line item the platform bound to the link or the one the tool
   * found or created. A link without one yet needs no call: its column is made with the new maximum
   * when the first grade goes out.
   */
  @Override
  public Optional<DeliveryResult> updateColumnIfServed(LineItemUpdate update) {
    Optional<AgsTarget> found =
        links.findLink(update.resourceLinkId()).filter(AgsTarget::hasEndpoints);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    AgsTarget target = found.get();
    String lineItem =
        target.lineitemUrl() != null ? target.lineitemUrl() : target.storedLineItemUrl();
    if (lineItem == null) {
      // a column being created right now may still carry the old maximum or label: wait for it
      return Optional.of(
          links.lineItemClaimed(target.linkId(), clock.instant())
              ? new DeliveryResult.RetryLater(COLUMN_IN_THE_MAKING, null)
              : new DeliveryResult.Delivered(NO_COLUMN_YET));
    }
    if (!target.scopes().contains(AgsClient.SCOPE_LINEITEM)) {
      return Optional.of(
          new DeliveryResult.Failed(
              "The platform did not offer "
                  + AccessTokens.describe(Set.of(AgsClient.SCOPE_LINEITEM))
                  + " for this link, so the tool cannot change its"
                  + " gradebook column"));
    }
    try {
      client.updateLineItem(target.platform(), lineItem, update.scoreMaximum(), update.label());
      return Optional.of(new DeliveryResult.Delivered());
    } catch (ServiceCallException.Refused e) {
      return Optional.of(refused(target, e));
    } catch (ServiceCallException.Unavailable e) {
      return Optional.of(new DeliveryResult.RetryLater(e.getMessage(), e.retryAfter()));
    }
  }

  /** The link's grade service, when the platform gave it one. */
  private Optional<AgsTarget> target(OutboxRow row) {
    return links.find(row.resourceLinkId(), row.userId()).filter(AgsTarget::hasEndpoints);
  }

  private DeliveryResult deliver(OutboxRow row, AgsTarget target) {
    // AGS 3.1: the launch lists the scopes the platform lets the tool use for this link
    if (!target.scopes().contains(AgsClient.SCOPE_SCORE)) {
      return new DeliveryResult.Failed(
          "The platform did not offer "
              + AccessTokens.describe(Set.of(AgsClient.SCOPE_SCORE))
              + " for this link, so it does not accept grades from the tool");
    }
    try {
      String lineItem = lineItem(target, row);
      client.postScore(
          target.platform(),
          lineItem,
          new AgsClient.Score(
              target.userSubject(),
              row.scoreGiven(),
              row.scoreMaximum(),
              row.comment(),
              row.gradedAt()));
      return new DeliveryResult.Delivered();
    } catch (ServiceCallException.Refused e) {
      // AGS 3.4: a platform keeps the newest score per timestamp and may answer 409 to an older one
      return e.status() == 409 ? new DeliveryResult.Outdated(e.getMessage()) : refused(target, e);
    } catch (ServiceCallException.Unavailable e) {
      return new DeliveryResult.RetryLater(e.getMessage(), e.retryAfter());
    }
  }

  /**
   * A refusal stands, unless the platform's registration was changed since this node read it (on
   * another node, by the register command or by hand, which reaches this node's memory only within
   * 30 s): then the call went out with an old client id or endpoint, and the grade is tried again
   * with the registration as it is now instead of failing.
   */
  private DeliveryResult refused(AgsTarget target, ServiceCallException.Refused e) {
    if (platforms.isCurrent(target.platform())) {
      return new DeliveryResult.Failed(e.getMessage());
    }
    return new DeliveryResult.RetryLater(REGISTRATION_CHANGED + " (" + e.getMessage() + ")", null);
  }

  /**
   * The line item to score against: the one the platform bound to the link, else the one the tool
   * found or created earlier, else found or created now. No database connection is held while the
   * platform answers (claim, commit, call, record): the link is claimed in its own statement, the
   * platform is asked, and the line item is stored in a new short transaction. While another
   * delivery holds the claim, this grade is tried again later rather than making a second column.
   */
  private String lineItem(AgsTarget target, OutboxRow row) {
    if (target.lineitemUrl() != null) {
      return target.lineitemUrl();
    }
    if (target.storedLineItemUrl() != null) {
      return target.storedLineItemUrl();
    }
    Set<String> scopes;
    if (target.scopes().contains(AgsClient.SCOPE_LINEITEM)) {
      scopes = Set.of(AgsClient.SCOPE_LINEITEM);
    } else if (target.scopes().contains(AgsClient.SCOPE_LINEITEM_READONLY)) {
      scopes = Set.of(AgsClient.SCOPE_LINEITEM_READONLY);
    } else {
      throw new ServiceCallException.Refused(
          "The platform bound no line item to this link and did not offer "
              + AccessTokens.describe(Set.of(AgsClient.SCOPE_LINEITEM))
              + " to find or create one",
          0);
    }
    String claimant = node + ":" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = clock.instant();
    if (!links.claimLineItem(target.linkId(), claimant, now, now.plus(claimFor))) {
      return links
          .storedLineItem(target.linkId())
          .orElseThrow(
              () -> new ServiceCallException.Unavailable(COLUMN_IN_THE_MAKING, 0, null, null));
    }
    boolean stored = false;
    try {
      // the claim may have been won just after another try stored its line item
      Optional<String> already = links.storedLineItem(target.linkId());
      if (already.isPresent()) {
        return already.get();
      }
      String url =
          client
              .findLineItem(
                  target.platform(), target.lineitemsUrl(), target.platformLinkId(), scopes)
              .orElseGet(() -> create(target, row, scopes));
      String kept = links.storeLineItem(target.linkId(), claimant, url, clock.instant());
      stored = true;
      return kept;
    } finally {
      if (!stored) {
        links.releaseLineItemClaim(target.linkId(), claimant);
      }
    }
  }

  private String create(AgsTarget target, OutboxRow row, Set<String> scopes) {
    if (!scopes.contains(AgsClient.SCOPE_LINEITEM)) {
      throw new ServiceCallException.Refused(
          "The platform has no line item for this link and offered only "
              + AccessTokens.describe(scopes)
              + ", which cannot create one",
          0);
    }
    return client.createLineItem(
        target.platform(),
        target.lineitemsUrl(),
        new AgsClient.NewLineItem(
            label(target), row.scoreMaximum(), resourceId(target), TAG, target.platformLinkId()),
        scopes);
  }

  private String label(AgsTarget target) {
    if (target.title() != null && !target.title().isBlank()) {
      return target.title();
    }
    if ("quiz".equals(target.contentKind()) && target.contentId() != null) {
      Optional<String> title = content.get().quiz(target.contentId()).map(q -> q.title());
      if (title.isPresent() && title.get() != null && !title.get().isBlank()) {
        return title.get();
      }
    }
    return "Recovery Lab";
  }

  private static String resourceId(AgsTarget target) {
    return target.contentKind() != null && target.contentId() != null
        ? target.contentKind() + ":" + target.contentId()
        : "link:" + target.platformLinkId();
  }
}
