package dev.spaceport.client.errors;

import dev.spaceport.api.Problem;
import java.util.List;
import java.util.Map;

/**
 * HTTP 404: the resource does not exist or the caller can't see it (the server never says which).
 * Also thrown without a request when a name resolves to nothing.
 */
public class NotFoundException extends ApiException {

  /** Made by the SDK from an error response; {@code fallback} is the body if not a Problem. */
  public NotFoundException(int status, Problem problem, Map<String, List<String>> headers,
      String fallback) {
    super(status, problem, headers, fallback);
  }

  /** A name that matched nothing visible to the caller. */
  public static NotFoundException forName(String kind, String name) {
    return new NotFoundException(404, new Problem(null, "Not Found", 404,
        kind + " '" + name + "' not found", null), Map.of(), null);
  }
}
