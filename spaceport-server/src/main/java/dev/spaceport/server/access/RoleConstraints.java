package dev.spaceport.server.access;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.server.http.ApiProblem;

/**
 * The annotator rules (CONTRACT.md §2): an account annotator may only be given the predefined
 * {@code annotator} role, nobody else may be given it, and custom roles never go to annotators.
 * Violations are well-formed requests that break a domain rule: 422.
 */
public final class RoleConstraints {

  private RoleConstraints() {}

  public static void checkPredefined(String accountRole, PredefinedRole role) {
    boolean annotator = "annotator".equals(accountRole);
    if (annotator && role != PredefinedRole.ANNOTATOR) {
      throw ApiProblem.unprocessable(
          "users with the annotator account role can only be given the annotator role");
    }
    if (!annotator && role == PredefinedRole.ANNOTATOR) {
      throw ApiProblem.unprocessable(
          "the annotator role can only be given to users with the annotator account role");
    }
  }

  public static void checkCustom(String accountRole) {
    if ("annotator".equals(accountRole)) {
      throw ApiProblem.unprocessable(
          "custom roles cannot be given to users with the annotator account role");
    }
  }
}
