package dev.spaceport.client.errors;

import dev.spaceport.api.Problem;
import java.util.List;
import java.util.Map;

/** HTTP 422: a well-formed request that breaks a domain rule (role constraints, an idempotency key reused with another body). */
public class UnprocessableException extends ApiException {

  public UnprocessableException(int status, Problem problem, Map<String, List<String>> headers, String fallback) {
    super(status, problem, headers, fallback);
  }
}
