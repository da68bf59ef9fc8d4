package dev.spaceport.client.errors;

import dev.spaceport.api.Problem;
import dev.spaceport.client.internal.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** HTTP 429: throttled, and still throttled after the configured retries. */
public class RateLimitedException extends ApiException {

  /** Made by the SDK from an error response; {@code fallback} is the body if not a Problem. */
  public RateLimitedException(int status, Problem problem, Map<String, List<String>> headers,
      String fallback) {
    super(status, problem, headers, fallback);
  }

  /**
   * How long the server asked the client to wait, when it said: {@code Retry-After} as
   * delay-seconds, or as an HTTP date (then the time from now until that date, zero if past).
   */
  public Optional<Duration> retryAfter() {
    return header("retry-after")
        .map(value -> RetryPolicy.retryAfter(value, Clock.systemUTC()));
  }
}
