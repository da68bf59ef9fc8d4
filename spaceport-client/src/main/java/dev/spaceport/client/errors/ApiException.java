package dev.spaceport.client.errors;

import dev.spaceport.api.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered with an error status. Carries the status, the parsed RFC 9457 problem (when
 * the body was one), the response headers and the request ID to quote in a support ticket.
 * Subclasses name the kind of failure; catch this type to handle them all.
 */
public class ApiException extends SpaceportException {

  private final int status;
  private final Problem problem;
  private final Map<String, List<String>> headers;

  public ApiException(int status, Problem problem, Map<String, List<String>> headers,
      String fallbackMessage) {
    super(message(status, problem, fallbackMessage));
    this.status = status;
    this.problem = problem;
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  /** The problem details the server sent, if the body was {@code application/problem+json}. */
  public Optional<Problem> problem() {
    return Optional.ofNullable(problem);
  }

  public Optional<String> title() {
    return problem().map(Problem::title);
  }

  public Optional<String> detail() {
    return problem().map(Problem::detail);
  }

  public Optional<String> type() {
    return problem().map(Problem::type);
  }

  /** Response headers, keyed in lower case. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The server's {@code X-Request-Id} for this response. */
  public Optional<String> requestId() {
    return header("x-request-id");
  }

  private static String message(int status, Problem problem, String fallback) {
    if (problem == null) {
      return "HTTP " + status + (fallback == null ? "" : ": " + fallback);
    }
    return "HTTP " + status + " " + problem.title()
        + (problem.detail() == null ? "" : ": " + problem.detail());
  }
}
