package dev.spaceport.client.errors;

import dev.spaceport.api.Problem;
import java.util.List;
import java.util.Map;

/** HTTP 5xx: the server failed; retrying later may succeed. */
public class ServerException extends ApiException {

  /** Made by the SDK from an error response; {@code fallback} is the body if not a Problem. */
  public ServerException(int status, Problem problem, Map<String, List<String>> headers, String fallback) {
    super(status, problem, headers, fallback);
  }
}
