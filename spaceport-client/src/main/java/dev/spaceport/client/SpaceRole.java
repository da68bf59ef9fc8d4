package dev.spaceport.client;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.RoleAssignment;
import java.util.Objects;

/**
 * The role to give a user on a space: one of the four predefined roles, or a custom role by ID.
 *
 * <pre>{@code
 * spaces.addUser("production", userId, SpaceRole.READ_ONLY);
 * spaces.addUser("production", userId, SpaceRole.custom(roleId));
 * }</pre>
 */
public sealed interface SpaceRole {

  SpaceRole ADMIN = new Predefined(PredefinedRole.ADMIN);
  SpaceRole MEMBER = new Predefined(PredefinedRole.MEMBER);
  SpaceRole READ_ONLY = new Predefined(PredefinedRole.READ_ONLY);
  SpaceRole ANNOTATOR = new Predefined(PredefinedRole.ANNOTATOR);

  static SpaceRole predefined(PredefinedRole role) {
    return new Predefined(role);
  }

  static SpaceRole custom(String roleId) {
    return new Custom(roleId);
  }

  /** The request-body form. */
  RoleAssignment toAssignment();

  record Predefined(PredefinedRole role) implements SpaceRole {
    public Predefined {
      Objects.requireNonNull(role, "role");
    }

    @Override
    public RoleAssignment toAssignment() {
      return RoleAssignment.predefined(role);
    }
  }

  record Custom(String roleId) implements SpaceRole {
    public Custom {
      Objects.requireNonNull(roleId, "roleId");
    }

    @Override
    public RoleAssignment toAssignment() {
      return new RoleAssignment(RoleAssignment.CUSTOM, roleId, null);
    }
  }
}
