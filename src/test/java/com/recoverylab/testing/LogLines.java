package com.recoverylab.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures the log exactly as the tool writes it (the console appender's own pattern, with its
 * escaping), for tests that check what an operator reads.
 */
public final class LogLines implements AutoCloseable {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private final Logger root;

  public LogLines() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    PatternLayoutEncoder console =
        (PatternLayoutEncoder)
            ((ch.qos.logback.core.ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT"))
                .getEncoder();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(console.getPattern());
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(bytes);
    appender.setName("test-capture");
    appender.start();
    root.addAppender(appender);
  }

  /** The raw text written so far. */
  public synchronized String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  public List<String> lines() {
    return text().lines().toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
