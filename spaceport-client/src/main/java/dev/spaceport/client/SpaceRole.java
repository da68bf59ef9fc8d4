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

  /** Space admin: reads, changes and deletes the space, and manages its members. */
  SpaceRole ADMIN = new Predefined(PredefinedRole.ADMIN);
  /** Space member: reads the space and its member list. */
  SpaceRole MEMBER = new Predefined(PredefinedRole.MEMBER);
  /** Read-only ({@code read-only} on the wire): reads the space and its member list. */
  SpaceRole READ_ONLY = new Predefined(PredefinedRole.READ_ONLY);
  /** Annotator: the only space role a user whose account role is annotator may get. */
  SpaceRole ANNOTATOR = new Predefined(PredefinedRole.ANNOTATOR);

  /** One of the four predefined roles, e.g. from a {@link PredefinedRole} read elsewhere. */
  static SpaceRole predefined(PredefinedRole role) {
    return new Predefined(role);
  }

  /** A custom role by its ID ({@code RolesClient#create}); responses add the role's name. */
  static SpaceRole custom(String roleId) {
    return new Custom(roleId);
  }

  /** The request-body form. */
  RoleAssignment toAssignment();

  /** A predefined role, sent as {@code {"type": "predefined", "name": ...}}. */
  record Predefined(PredefinedRole role) implements SpaceRole {
    /** @throws NullPointerException if {@code role} is null */
    public Predefined {
      Objects.requireNonNull(role, "role");
    }

    @Override
    public RoleAssignment toAssignment() {
      return RoleAssignment.predefined(role);
    }
  }

  /** A custom role, sent as {@code {"type": "custom", "id": ...}}. */
  record Custom(String roleId) implements SpaceRole {
    /** @throws NullPointerException if {@code roleId} is null */
    public Custom {
      Objects.requireNonNull(roleId, "roleId");
    }

    @Override
    public RoleAssignment toAssignment() {
      return new RoleAssignment(RoleAssignment.CUSTOM, roleId, null);
    }
  }
}
