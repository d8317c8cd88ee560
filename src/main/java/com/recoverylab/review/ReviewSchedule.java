package com.recoverylab.review;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.quiz.RevealedMisconceptions;
import com.recoverylab.review.FsrsScheduler.Memory;
import com.recoverylab.review.FsrsScheduler.Rating;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Schedules review cards with FSRS. A misconception revealed in a quiz counts as a review rated
 * AGAIN (a new card starts there); a review answer right first time is GOOD, a wrong one AGAIN.
 */
final class ReviewSchedule implements RevealedMisconceptions {
  private final ReviewCardRepository cards;
  private final FsrsScheduler fsrs;
  private final Supplier<ContentLibrary> content;
  private final Clock clock;
  private final PractisedTags practised = new PractisedTags();

  ReviewSchedule(
      ReviewCardRepository cards,
      FsrsScheduler fsrs,
      Supplier<ContentLibrary> content,
      Clock clock) {
    this.cards = cards;
    this.fsrs = fsrs;
    this.content = content;
    this.clock = clock;
  }

  /**
   * Runs inside the quiz's submitting transaction: the cards commit with the attempt or not at all.
   */
  @Override
  public void revealed(SubmittedAttempt attempt) {
    Instant now = clock.instant();
    ContentLibrary library = content.get();
    // by tag; the quiz tells each tag once, and were one told twice its first question counts
    Map<String, Revealed> byTag = new LinkedHashMap<>();
    for (Revealed revealed : attempt.revealed()) {
      if (practised.includes(library, revealed.tag())) {
        byTag.putIfAbsent(revealed.tag(), revealed);
      } // else no short question practises it: a card could never be reviewed
    }
    if (byTag.isEmpty()) {
      return;
    }
    // the learner's cards for these tags, locked; the others are new (a card per tag, at most)
    List<ReviewCard> again =
        new ArrayList<>(cards.lock(attempt.userId(), attempt.courseId(), byTag.keySet()));
    Set<String> known = new HashSet<>();
    again.forEach(card -> known.add(card.tag()));
    List<ReviewCard> fresh = new ArrayList<>();
    for (Revealed revealed : byTag.values()) {
      if (!known.contains(revealed.tag())) {
        fresh.add(firstCard(attempt, revealed, now));
      }
    }
    List<String> added = cards.insertMissing(fresh);
    if (added.size() < fresh.size()) {
      // another transaction added some of these cards after the lock: they count as revealed again
      Set<String> late = new LinkedHashSet<>();
      fresh.stream().map(ReviewCard::tag).filter(tag -> !added.contains(tag)).forEach(late::add);
      again.addAll(cards.lock(attempt.userId(), attempt.courseId(), late));
    }
    List<ReviewCard> rescheduled = new ArrayList<>();
    for (ReviewCard card : again) {
      Revealed revealed = byTag.get(card.tag());
      Memory memory = fsrs.next(card.memory(), elapsedDays(card, now), Rating.AGAIN);
      rescheduled.add(
          new ReviewCard(
              card.id(),
              card.userId(),
              card.courseId(),
              card.tag(),
              attempt.quizId(),
              revealed.questionId(),
              memory,
              now,
              due(now, memory),
              card.reviews(),
              card.lapses() + 1,
              card.lastQuestionId(),
              card.lastAnswer(),
              card.lastRight()));
    }
    cards.reschedule(rescheduled);
  }

  /** A new card: the misconception revealed for the first time, rated AGAIN. */
  private ReviewCard firstCard(SubmittedAttempt attempt, Revealed revealed, Instant now) {
    Memory first = fsrs.first(Rating.AGAIN);
    return new ReviewCard(
        0,
        attempt.userId(),
        attempt.courseId(),
        revealed.tag(),
        attempt.quizId(),
        revealed.questionId(),
        first,
        now,
        due(now, first),
        0,
        1,
        null,
        List.of(),
        null);
  }

  /** The card after a review answer, not yet saved. */
  ReviewCard answered(
      ReviewCard card, String questionId, List<String> picked, boolean right, Instant now) {
    Rating rating = right ? Rating.GOOD : Rating.AGAIN;
    Memory memory = fsrs.next(card.memory(), elapsedDays(card, now), rating);
    return new ReviewCard(
        card.id(),
        card.userId(),
        card.courseId(),
        card.tag(),
        card.sourceQuizId(),
        card.sourceQuestionId(),
        memory,
        now,
        due(now, memory),
        card.reviews() + 1,
        card.lapses() + (right ? 0 : 1),
        questionId,
        picked,
        right);
  }

  private Instant due(Instant now, Memory memory) {
    return now.plus(Duration.ofDays(fsrs.intervalDays(memory.stability())));
  }

  private static long elapsedDays(ReviewCard card, Instant now) {
    return Math.max(0, Duration.between(card.lastReviewAt(), now).toDays());
  }
}
