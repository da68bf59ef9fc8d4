package dev.spaceport.server.http;

import dev.spaceport.api.Problem;

/**
 * A failure that becomes an RFC 9457 response. Thrown anywhere below a route (rules, parsing,
 * stores); the transaction it escapes from rolls back, so a rejected request writes nothing.
 */
public final class ApiProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final String type;

  private ApiProblem(int status, String title, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.type = "https://spaceport.dev/problems/" + title.toLowerCase().replace(' ', '-');
  }

  public int status() {
    return status;
  }

  public Problem toProblem(String instance) {
    return new Problem(type, title, status, getMessage(), instance);
  }

  public static ApiProblem of(int status, String title, String detail) {
    return new ApiProblem(status, title, detail);
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, "Bad Request", detail);
  }

  /** Deliberately vague: never says whether the key was missing, unknown, expired or revoked. */
  public static ApiProblem unauthorized() {
    return new ApiProblem(401, "Unauthorized", "A valid API key is required.");
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(403, "Forbidden", detail);
  }

  public static ApiProblem notFound(String what) {
    return new ApiProblem(404, "Not Found", what + " not found");
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(409, "Conflict", detail);
  }

  public static ApiProblem unprocessable(String detail) {
    return new ApiProblem(422, "Unprocessable Content", detail);
  }
}
