package dev.spaceport.client.errors;

import dev.spaceport.api.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** HTTP 429: throttled, and still throttled after the configured retries. */
public class RateLimitedException extends ApiException {

  public RateLimitedException(int status, Problem problem, Map<String, List<String>> headers,
      String fallback) {
    super(status, problem, headers, fallback);
  }

  /** How long the server asked the client to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return header("retry-after").flatMap(value -> {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }
}
