package com.recoverylab.lti.services;

import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.RememberedRegistrations;
import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the AGS channel needs about a link, its platform and a learner, and the line item it stores,
 * read through the course and registration features that own those rows. The platform comes from
 * the node's {@link RememberedRegistrations}, which says how stale it may be.
 */
final class AgsTargets {
  /** Compiled once: the scopes are read for every grade sent. */
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final Jdbc jdbc;
  private final CourseRecordRepository links;
  private final RememberedRegistrations platforms;
  private final LineItemClaimRepository claims;

  AgsTargets(Jdbc jdbc, RememberedRegistrations platforms) {
    this.jdbc = jdbc;
    this.links = new CourseRecordRepository(jdbc);
    this.platforms = platforms;
    this.claims = new LineItemClaimRepository(jdbc);
  }

  /** Everything needed to send one learner's grade on one link. */
  record AgsTarget(
      Platform platform,
      String userSubject,
      long linkId,
      String platformLinkId,
      String title,
      String contentKind,
      String contentId,
      String lineitemsUrl,
      String lineitemUrl,
      Set<String> scopes,
      String storedLineItemUrl) {

    boolean hasEndpoints() {
      return notBlank(lineitemUrl) || notBlank(lineitemsUrl);
    }
  }

  /**
   * The link's grade service without a learner ({@code userSubject} is null), to change its column.
   */
  Optional<AgsTarget> findLink(long resourceLinkId) {
    return links.gradeService(resourceLinkId).flatMap(link -> target(link, null));
  }

  /**
   * Everything needed to send this learner's grade on the link; empty when the user is not on its
   * platform.
   */
  Optional<AgsTarget> find(long resourceLinkId, long userId) {
    return links
        .gradeService(resourceLinkId, userId)
        .flatMap(learner -> target(learner.link(), learner.subject()));
  }

  private Optional<AgsTarget> target(CourseRecordRepository.LinkGradeService link, String subject) {
    return platforms
        .find(link.platformId())
        .map(
            platform ->
                new AgsTarget(
                    platform,
                    subject,
                    link.id(),
                    link.platformLinkId(),
                    link.title(),
                    link.contentKind(),
                    link.contentId(),
                    blankToNull(link.lineitemsUrl()),
                    blankToNull(link.lineitemUrl()),
                    scopes(link.scopes()),
                    blankToNull(link.storedLineItemUrl())));
  }

  /** The line item the tool stored for the link, if any (read without a lock). */
  Optional<String> storedLineItem(long resourceLinkId) {
    return links.storedLineItem(resourceLinkId);
  }

  /** See {@link LineItemClaimRepository#claim}. */
  boolean claimLineItem(long resourceLinkId, String claimant, Instant now, Instant until) {
    return claims.claim(resourceLinkId, claimant, now, until);
  }

  /** True while some try holds an unexpired claim to find or create the link's line item. */
  boolean lineItemClaimed(long resourceLinkId, Instant now) {
    return claims.claimed(resourceLinkId, now);
  }

  /** Gives the claim back (the call failed), so the next try need not wait for it to expire. */
  void releaseLineItemClaim(long resourceLinkId, String claimant) {
    claims.release(resourceLinkId, claimant);
  }

  /**
   * Stores the line item found or created under this claim and ends the claim, in one short
   * transaction; a line item another node stored meanwhile is kept. Returns the stored one.
   */
  String storeLineItem(long resourceLinkId, String claimant, String url, Instant now) {
    return jdbc.inTransaction(
        () -> {
          links.storeLineItemIfNone(resourceLinkId, url, now);
          claims.release(resourceLinkId, claimant);
          return links.storedLineItem(resourceLinkId).orElse(url);
        });
  }

  private static Set<String> scopes(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(WHITESPACE.split(value.trim())).collect(Collectors.toUnmodifiableSet());
  }

  private static String blankToNull(String value) {
    return notBlank(value) ? value : null;
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
