package dev.spaceport.client.errors;

import dev.spaceport.api.Problem;
import java.util.List;
import java.util.Map;

/** HTTP 409: a duplicate name, a duplicate binding, a role still in use, or an idempotent request still running. */
public class ConflictException extends ApiException {

  /** Made by the SDK from an error response; {@code fallback} is the body if not a Problem. */
  public ConflictException(int status, Problem problem, Map<String, List<String>> headers, String fallback) {
    super(status, problem, headers, fallback);
  }
}
