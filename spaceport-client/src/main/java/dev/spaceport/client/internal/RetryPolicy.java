package dev.spaceport.client.internal;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to retry and how long to wait. Only requests that are safe to repeat are retried: GET,
 * DELETE and PATCH, and POSTs that carry an idempotency key (the server replays the first result
 * instead of acting twice). Connection failures and 429/503 are retried, and on keyed POSTs a 409
 * with {@code Retry-After} (the first attempt still running); the wait is the server's
 * {@code Retry-After} when given, else capped exponential backoff with full jitter.
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(8));
  /** The longest {@code Retry-After} the SDK will sleep for; beyond that it gives up at once. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0");
    }
  }

  static boolean isRepeatable(String method, boolean hasIdempotencyKey) {
    return switch (method) {
      case "GET", "DELETE", "PATCH", "HEAD" -> true;
      case "POST" -> hasIdempotencyKey;
      default -> false;
    };
  }

  static boolean isRetryableStatus(int status) {
    return status == 429 || status == 503;
  }

  /**
   * A 409 with {@code Retry-After} on a POST carrying an idempotency key: the server is still
   * running the first attempt under that key (typically one whose response this client lost), and
   * asked again later it replays that attempt's response. A 409 without the header (a duplicate
   * name) is final.
   */
  static boolean isPassingConflict(int status, boolean hasIdempotencyKey, String retryAfter) {
    return status == 409 && hasIdempotencyKey && retryAfter != null && !retryAfter.isBlank();
  }

  /** Full-jitter backoff for retry number {@code attempt} (0-based). */
  Duration backoff(int attempt) {
    long cap = Math.min(maxDelay.toMillis(),
        baseDelay.toMillis() * (1L << Math.min(attempt, 20)));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
  }

  /**
   * The wait a {@code Retry-After} header asks for: delay-seconds or an HTTP date. Null when
   * absent or unreadable.
   */
  public static Duration retryAfter(String header, java.time.Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
