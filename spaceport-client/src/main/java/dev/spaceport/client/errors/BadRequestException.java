package dev.spaceport.client.errors;

import dev.spaceport.api.Problem;
import java.util.List;
import java.util.Map;

/** HTTP 400 Bad Request, or another 4xx the SDK has no closer type for (413, 415, …): the request itself is wrong. */
public class BadRequestException extends ApiException {

  /** Made by the SDK from an error response; {@code fallback} is the body if not a Problem. */
  public BadRequestException(int status, Problem problem, Map<String, List<String>> headers, String fallback) {
    super(status, problem, headers, fallback);
  }
}
