package com.recoverylab.review;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.quiz.RevealedMisconceptions;
import com.recoverylab.review.FsrsScheduler.Memory;
import com.recoverylab.review.FsrsScheduler.Rating;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    for (Revealed revealed : attempt.revealed()) {
      if (!practised.includes(library, revealed.tag())) {
        continue; // no short question practises it: a card could never be reviewed
      }
      Memory first = fsrs.first(Rating.AGAIN);
      ReviewCard fresh =
          new ReviewCard(
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
      if (cards.insertIfMissing(fresh)) {
        continue;
      }
      ReviewCard card =
          cards.lock(attempt.userId(), attempt.courseId(), revealed.tag()).orElseThrow();
      Memory memory = fsrs.next(card.memory(), elapsedDays(card, now), Rating.AGAIN);
      cards.reschedule(
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
