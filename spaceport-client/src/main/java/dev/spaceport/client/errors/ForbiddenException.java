package dev.spaceport.client.errors;

import dev.spaceport.api.Problem;
import java.util.List;
import java.util.Map;

/** HTTP 403: the caller may see the resource but not do this to it. */
public class ForbiddenException extends ApiException {

  /** Made by the SDK from an error response; {@code fallback} is the body if not a Problem. */
  public ForbiddenException(int status, Problem problem, Map<String, List<String>> headers, String fallback) {
    super(status, problem, headers, fallback);
  }
}
