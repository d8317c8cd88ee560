package com.recoverylab.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs clean-up tasks (expired sessions and the like) now and then on every node. Each task is a
 * plain delete that any node may run at any time, so nodes need not agree on who does it.
 */
public final class Housekeeping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "housekeeping");
            thread.setDaemon(true);
            return thread;
          });

  /** A named clean-up that returns how many rows it removed. */
  public record Task(String name, java.util.function.IntSupplier run) {}

  public Housekeeping(List<Task> tasks, Duration every) {
    List<Task> copy = List.copyOf(tasks);
    scheduler.scheduleWithFixedDelay(
        () -> copy.forEach(Housekeeping::runOne),
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static void runOne(Task task) {
    try {
      int removed = task.run().getAsInt();
      if (removed > 0) {
        log.info("event=housekeeping task={} removed={}", task.name(), removed);
      }
    } catch (RuntimeException e) {
      // the next round tries again; a failing clean-up must not stop the others
      log.warn("event=housekeeping_failed task={}", task.name(), e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
