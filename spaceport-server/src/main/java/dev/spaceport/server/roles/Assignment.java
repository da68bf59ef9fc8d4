package dev.spaceport.server.roles;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;

/** A role assignment from a request body, validated: predefined by name, or custom by role ID. */
public sealed interface Assignment {

  record Predefined(PredefinedRole role) implements Assignment {}

  record Custom(PublicId roleId) implements Assignment {}

  /** Reads {@code role}; a {@code name} sent with a custom role is ignored, as the contract says. */
  static Assignment parse(RoleAssignment input) {
    if (input == null) {
      throw ApiProblem.badRequest("'role' is required");
    }
    if (input.isPredefined()) {
      if (input.name() == null) {
        throw ApiProblem.badRequest("'role.name' is required for a predefined role");
      }
      return new Predefined(PredefinedRole.parse(input.name()).orElseThrow(() ->
          ApiProblem.badRequest("'role.name' must be one of admin, member, read-only, annotator")));
    }
    if (input.isCustom()) {
      if (input.id() == null) {
        throw ApiProblem.badRequest("'role.id' is required for a custom role");
      }
      return new Custom(PublicId.parse(input.id(), IdType.Role, "role.id"));
    }
    throw ApiProblem.badRequest(input.type() == null ? "'role.type' is required"
        : "'role.type' must be predefined or custom");
  }
}
