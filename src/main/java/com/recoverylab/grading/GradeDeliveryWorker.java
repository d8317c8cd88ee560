package com.recoverylab.grading;

import com.recoverylab.grading.GradeOutboxRepository.Claimed;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued grades to platforms. Runs on every node: it claims as many due rows as it has free
 * slots at once (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}; H2: a conditional update that only one
 * node can win), holds each claim for a bounded time so a dead node's rows come back, delivers
 * through the first channel that serves the row, and records the outcome: delivered, tried again
 * later with exponential backoff and jitter, or failed.
 */
public final class GradeDeliveryWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GradeDeliveryWorker.class);
  static final Duration MAX_BACKOFF = Duration.ofHours(1);
  static final String NO_CHANNEL =
      "The tool has no way to send this grade: the platform gave this link no grade"
          + " service (LTI 1.3 Assignment and Grade Services) and no LTI 1.1 outcome address for this learner";

  static final String NO_COLUMN_CHANNEL =
      "Nothing to change: grades of this link go to the platform as fractions"
          + " (LTI 1.1) or without a gradebook column the tool can change";
  private final GradeOutboxRepository repository;
  private final LineItemUpdateRepository columnUpdates;
  private final List<GradeChannel> channels;
  private final GradeMetrics metrics;
  private final Settings settings;
  private final Clock clock;
  private final String node;
  private final Semaphore slots;
  private final ScheduledExecutorService poller;
  private final ExecutorService senders;
  private volatile boolean stopping;
  private volatile boolean started;

  /** The last round found as many due rows as it had slots: more are probably waiting. */
  private final AtomicBoolean backlog = new AtomicBoolean();

  private final AtomicBoolean pollQueued = new AtomicBoolean();

  /**
   * @param retryFor how long after queuing a grade passing failures are retried
   * @param concurrency deliveries in flight at once on this node
   * @param interval pause between looks for due rows
   * @param backoffBase wait after the first failed try; doubles per try, up to an hour
   * @param claimFor how long a claim holds; longer than any one delivery can take
   */
  public record Settings(
      Duration retryFor,
      int concurrency,
      Duration interval,
      Duration backoffBase,
      Duration claimFor) {
    public Settings {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
      }
    }
  }

  public GradeDeliveryWorker(
      GradeOutboxRepository repository,
      LineItemUpdateRepository columnUpdates,
      List<GradeChannel> channels,
      GradeMetrics metrics,
      Settings settings,
      Clock clock) {
    this.repository = repository;
    this.columnUpdates = columnUpdates;
    this.channels = List.copyOf(channels);
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.node = metrics.node();
    this.slots = new Semaphore(settings.concurrency());
    this.poller = Executors.newSingleThreadScheduledExecutor(threads("grade-poll"));
    this.senders = Executors.newFixedThreadPool(settings.concurrency(), threads("grade-send"));
  }

  /** A name for this node in claims and metrics: host name plus a random part, new per start. */
  public static String newNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | SecurityException e) {
      host = "node";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Starts looking for due grades every interval. */
  public GradeDeliveryWorker start() {
    long every = settings.interval().toMillis();
    started = true;
    poller.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // the database may be away for a moment; the next round tries again
      log.warn("event=grade_poll_failed node={} error={}", node, e.toString());
    }
  }

  /**
   * One round: claims as many due column changes, then grades, as there are free slots and starts
   * sending them. Grades of a link whose column change is still waiting are not due.
   */
  int poll() {
    if (stopping) {
      return 0;
    }
    int free = slots.availablePermits();
    if (free == 0) {
      return 0;
    }
    Instant now = clock.instant();
    List<LineItemUpdate> changes =
        columnUpdates.claimDue(node, now, now.plus(settings.claimFor()), free);
    for (LineItemUpdate change : changes) {
      // the link's grades wait for this change: once it is done, look for them at once
      sendInSlot(
          () -> sendColumnUpdate(change),
          () -> backlog.set(true),
          () -> columnUpdates.release(change.id(), node));
    }
    free -= changes.size();
    if (free <= 0) {
      backlog.set(true);
      return changes.size();
    }
    List<Claimed> claimed = repository.claimDue(node, now, now.plus(settings.claimFor()), free);
    backlog.set(claimed.size() == free);
    for (Claimed each : claimed) {
      sendInSlot(() -> send(each), () -> {}, () -> repository.release(each.row().id(), node));
    }
    return changes.size() + claimed.size();
  }

  /**
   * Runs one claimed delivery on a sender thread within a concurrency slot; afterwards frees the
   * slot and keeps a backlog draining. When the senders are stopping, the claim is given back.
   */
  private void sendInSlot(Runnable delivery, Runnable afterDelivery, Runnable giveBackClaim) {
    slots.acquireUninterruptibly();
    try {
      senders.execute(
          () -> {
            try {
              delivery.run();
            } finally {
              slots.release();
              afterDelivery.run();
              pollAgainIfBacklog();
            }
          });
    } catch (RejectedExecutionException stopped) {
      slots.release();
      giveBackClaim.run();
    }
  }

  /**
   * While a backlog lasts, a freed slot takes the next due row at once instead of waiting for the
   * next interval: otherwise a node sends at most {@code concurrency} grades per interval (8 per 2
   * s by default), however fast the platform answers. At most one extra round is queued at a time;
   * an empty round ends the backlog and the interval takes over again.
   */
  private void pollAgainIfBacklog() {
    if (!started || stopping || !backlog.get() || !pollQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      poller.execute(
          () -> {
            pollQueued.set(false);
            pollSafely();
          });
    } catch (RejectedExecutionException stopped) {
      pollQueued.set(false);
    }
  }

  /** Waits until no delivery of this node is in flight (tests drive rounds with {@link #poll}). */
  void awaitIdle(Duration within) throws InterruptedException {
    if (!slots.tryAcquire(settings.concurrency(), within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("deliveries still running after " + within);
    }
    slots.release(settings.concurrency());
  }

  private void send(Claimed claimed) {
    OutboxRow row = claimed.row();
    if (stopping) {
      repository.release(row.id(), node);
      return;
    }
    DeliveryResult result;
    try {
      result = deliver(row);
    } catch (RuntimeException e) {
      log.warn("event=grade_send_error node={} row={}", node, row.id(), e);
      result =
          new DeliveryResult.RetryLater("Unexpected problem in the tool: " + e.getMessage(), null);
    }
    try {
      record(claimed, Objects.requireNonNull(result, "channel result"));
    } catch (RuntimeException e) {
      // the claim expires and another try follows; nothing is lost
      log.warn("event=grade_record_failed node={} row={} error={}", node, row.id(), e.toString());
    }
  }

  private void sendColumnUpdate(LineItemUpdate change) {
    if (stopping) {
      columnUpdates.release(change.id(), node);
      return;
    }
    DeliveryResult result = null;
    try {
      for (GradeChannel channel : channels) {
        Optional<DeliveryResult> answer = channel.updateColumnIfServed(change);
        if (answer.isPresent()) {
          result = answer.get();
          break;
        }
      }
      if (result == null) {
        result = new DeliveryResult.Delivered(NO_COLUMN_CHANNEL);
      }
    } catch (RuntimeException e) {
      log.warn("event=column_update_error node={} update={}", node, change.id(), e);
      result =
          new DeliveryResult.RetryLater("Unexpected problem in the tool: " + e.getMessage(), null);
    }
    try {
      recordColumnUpdate(change, result);
    } catch (RuntimeException e) {
      // the claim expires and another try follows
      log.warn(
          "event=column_update_record_failed node={} update={} error={}",
          node,
          change.id(),
          e.toString());
    }
  }

  private void recordColumnUpdate(LineItemUpdate change, DeliveryResult result) {
    Instant now = clock.instant();
    String outcome;
    boolean recorded;
    if (result instanceof DeliveryResult.Delivered delivered) {
      recorded = columnUpdates.markDone(change.id(), node, now, delivered.note());
      outcome = "done";
    } else if (result instanceof DeliveryResult.Failed failed) {
      recorded = columnUpdates.markFailed(change.id(), node, failed.reason());
      outcome = "failed";
    } else if (result instanceof DeliveryResult.Outdated outdated) {
      recorded = columnUpdates.markFailed(change.id(), node, outdated.reason());
      outcome = "failed";
    } else {
      DeliveryResult.RetryLater retry = (DeliveryResult.RetryLater) result;
      Instant giveUpAt = change.createdAt().plus(settings.retryFor());
      if (!now.isBefore(giveUpAt)) {
        recorded =
            columnUpdates.markFailed(
                change.id(),
                node,
                "Gave up after "
                    + change.tries()
                    + " tries over "
                    + settings.retryFor().toHours()
                    + " hours. Last problem: "
                    + retry.reason());
        outcome = "failed";
      } else {
        Duration wait = retry.retryAfter() != null ? retry.retryAfter() : backoff(change.tries());
        Instant next = now.plus(wait);
        recorded =
            columnUpdates.scheduleRetry(
                change.id(), node, next.isAfter(giveUpAt) ? giveUpAt : next, retry.reason());
        outcome = "retry";
      }
    }
    log.info(
        "event=column_update_{} node={} update={} link={} tries={} recorded={}",
        outcome,
        node,
        change.id(),
        change.resourceLinkId(),
        change.tries(),
        recorded);
  }

  /** Through the first channel that serves the row. */
  private DeliveryResult deliver(OutboxRow row) {
    for (GradeChannel channel : channels) {
      Optional<DeliveryResult> result = channel.deliverIfServed(row);
      if (result.isPresent()) {
        return result.get();
      }
    }
    return new DeliveryResult.Failed(NO_CHANNEL);
  }

  private void record(Claimed claimed, DeliveryResult result) {
    OutboxRow row = claimed.row();
    Instant now = clock.instant();
    boolean recorded;
    String outcome;
    if (result instanceof DeliveryResult.Delivered) {
      recorded = repository.markDelivered(row.id(), node, now, null);
      outcome = "delivered";
      if (recorded) {
        metrics.delivered();
      }
    } else if (result instanceof DeliveryResult.Outdated outdated) {
      outcome = outdated(row, now, outdated.reason());
      recorded = !outcome.equals("lost");
    } else if (result instanceof DeliveryResult.Failed failed) {
      recorded = repository.markFailed(row.id(), node, failed.reason());
      outcome = "failed";
      if (recorded) {
        metrics.failed();
      }
    } else {
      // a platform in trouble is not rushed: the next round waits for the interval
      backlog.set(false);
      DeliveryResult.RetryLater retry = (DeliveryResult.RetryLater) result;
      Instant giveUpAt = claimed.createdAt().plus(settings.retryFor());
      if (!now.isBefore(giveUpAt)) {
        recorded =
            repository.markFailed(
                row.id(),
                node,
                "Gave up after "
                    + row.tries()
                    + " tries over "
                    + settings.retryFor().toHours()
                    + " hours. Last problem: "
                    + retry.reason());
        outcome = "failed";
        if (recorded) {
          metrics.failed();
        }
      } else {
        Duration wait = retry.retryAfter() != null ? retry.retryAfter() : backoff(row.tries());
        Instant next = now.plus(wait);
        recorded =
            repository.scheduleRetry(
                row.id(), node, next.isAfter(giveUpAt) ? giveUpAt : next, retry.reason());
        outcome = "retry";
        log.info("event=grade_retry_reason row={} reason={}", row.id(), retry.reason());
        if (recorded) {
          metrics.retried();
        }
      }
    }
    if (recorded) {
      log.info(
          "event=grade_{} node={} row={} link={} user={} tries={}",
          outcome,
          node,
          row.id(),
          row.resourceLinkId(),
          row.userId(),
          row.tries());
    } else {
      // a newer grade superseded the row while it was on its way; the newer one is sent next
      log.info("event=grade_result_dropped node={} row={} outcome={}", node, row.id(), outcome);
    }
  }

  /** AGS 409: tell apart "our earlier try arrived" from "the platform holds a newer grade". */
  private String outdated(OutboxRow row, Instant now, String reason) {
    if (repository.hasNewer(row)) {
      if (repository.markSuperseded(
          row.id(), node, "Superseded: the platform holds a newer grade (" + reason + ")")) {
        metrics.superseded();
        return "superseded";
      }
      return "lost";
    }
    if (row.tries() > 1) {
      if (repository.markDelivered(
          row.id(),
          node,
          now,
          "Delivered: an earlier try had reached the platform, which now holds this grade ("
              + reason
              + ")")) {
        metrics.delivered();
        return "delivered";
      }
      return "lost";
    }
    if (repository.hasEarlierDelivered(row)) {
      if (repository.markSuperseded(
          row.id(),
          node,
          "Superseded: the platform holds a newer grade than this one, set outside the tool ("
              + reason
              + ")")) {
        metrics.superseded();
        return "superseded";
      }
      return "lost";
    }
    if (repository.markFailed(row.id(), node, reason)) {
      metrics.failed();
      return "failed";
    }
    return "lost";
  }

  /** base × 2^(tries-1), capped at an hour, with jitter so many rows do not retry in step. */
  Duration backoff(int tries) {
    int doublings = Math.max(0, Math.min(tries - 1, 30));
    long full = Math.min(MAX_BACKOFF.toMillis(), settings.backoffBase().toMillis() << doublings);
    long half = Math.max(1, full / 2);
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
  }

  /**
   * Stops claiming and waits for deliveries in flight (close the platform HTTP client first so they
   * end at once). Rows that never started are given back; a delivery still running when the wait
   * ends keeps its claim until it expires.
   */
  @Override
  public void close() {
    stopping = true;
    poller.shutdown();
    senders.shutdown();
    try {
      if (!poller.awaitTermination(10, TimeUnit.SECONDS)
          || !senders.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("event=grade_worker_stop_slow node={}", node);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
