package com.recoverylab.review;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Misconception;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** What other features may ask of spaced review: the per-link switch and the due counts. */
public final class SpacedReview {
  private final ReviewLinkRepository links;
  private final ReviewCardRepository cards;
  private final Supplier<ContentLibrary> content;
  private final Clock clock;

  SpacedReview(
      ReviewLinkRepository links,
      ReviewCardRepository cards,
      Supplier<ContentLibrary> content,
      Clock clock) {
    this.links = links;
    this.cards = cards;
    this.content = content;
    this.clock = clock;
  }

  /** Whether launches of this link offer due reviews (on unless an instructor turned it off). */
  public boolean offeredOn(long linkId) {
    return !links.isOff(linkId);
  }

  /** Turns the offer on or off for launches of this link. */
  public void offer(long linkId, boolean on) {
    if (on) {
      links.turnOn(linkId);
    } else {
      links.turnOff(linkId, clock.instant());
    }
  }

  /**
   * How many learners of a course have a misconception due for review now (public: templates read
   * it).
   */
  public record TagDue(String tag, String description, int learners) {}

  /** Per tag, the learners of the course who have it due now, the most first. */
  public List<TagDue> dueByTag(long courseId) {
    Instant now = clock.instant();
    ContentLibrary library = content.get();
    return cards.dueLearnersByTag(courseId, now).stream()
        .map(
            c ->
                new TagDue(
                    c.tag(),
                    library.misconception(c.tag()).map(Misconception::description).orElse(c.tag()),
                    c.learners()))
        .toList();
  }
}
