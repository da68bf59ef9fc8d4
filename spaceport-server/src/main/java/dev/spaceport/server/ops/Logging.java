package dev.spaceport.server.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Switches the process's log output (Logback, stderr, written in batches: {@link BatchedStderr})
 * between JSON lines and text. JSON lines carry
 * {@code @timestamp}, {@code level}, {@code logger_name}, {@code message}, the MDC (request_id,
 * key_id, user_id while a request runs) and, on access lines, the request's fields. Text is
 * {@code logback.xml}'s pattern. Only the root appender changes; logger levels stay.
 */
public final class Logging {

  /** The text pattern; keep in step with logback.xml. */
  public static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level "
      + "[%thread] %logger{24} [%X{request_id:--}] - %msg%n";

  private Logging() {}

  public static synchronized void configure(LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J backend: leave it alone
    }
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setEncoder(encoder(format, context));
    // Lines go out in batches (BatchedStderr says why and what it costs), so no flush per line.
    appender.setImmediateFlush(false);
    appender.setOutputStream(BatchedStderr.shared());
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }

  /**
   * Writes out the log lines waiting in the batch ({@link BatchedStderr}): for the very end of a
   * clean shutdown, whose last lines would otherwise race the JVM's exit.
   */
  public static void flush() {
    BatchedStderr.flushShared();
  }

  /** The encoder for a format: exposed so tests can render captured events as they would appear. */
  public static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
    if (format == LogFormat.JSON) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }
}
