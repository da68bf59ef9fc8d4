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

  /** The HTTP status. */
  private final int status;
  /** The parsed Problem, or null when the body was none. */
  private final Problem problem;
  /** The response headers, keyed in lower case. */
  private final Map<String, List<String>> headers;

  /**
   * Built by the SDK from an error response.
   *
   * @param fallbackMessage the body (shortened), for the message when it is not a Problem
   */
  public ApiException(int status, Problem problem, Map<String, List<String>> headers,
      String fallbackMessage) {
    super(message(status, problem, fallbackMessage));
    this.status = status;
    this.problem = problem;
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** The HTTP status of the response, e.g. 404. */
  public int status() {
    return status;
  }

  /** The problem details the server sent, if the body was {@code application/problem+json}. */
  public Optional<Problem> problem() {
    return Optional.ofNullable(problem);
  }

  /** The Problem's {@code title}, a short summary of the kind of failure. */
  public Optional<String> title() {
    return problem().map(Problem::title);
  }

  /** The Problem's {@code detail}: what exactly went wrong, often naming the field. */
  public Optional<String> detail() {
    return problem().map(Problem::detail);
  }

  /** The Problem's {@code type} URI reference, when the server sent one. */
  public Optional<String> type() {
    return problem().map(Problem::type);
  }

  /** Response headers, keyed in lower case. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a response header; {@code name} in any case. */
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
