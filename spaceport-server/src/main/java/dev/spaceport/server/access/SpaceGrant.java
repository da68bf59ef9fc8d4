package dev.spaceport.server.access;

import dev.spaceport.server.http.ApiProblem;
import java.util.Set;

/**
 * What a caller may do on one space. {@code admin} is "space admin or above" (a predefined admin
 * membership or binding, organization admin, account admin): only it may hand out predefined roles.
 * A space the caller can't read is invisible to them.
 */
public record SpaceGrant(Set<String> permissions, boolean admin) {

  public static final SpaceGrant NONE = new SpaceGrant(Set.of(), false);
  public static final SpaceGrant FULL = new SpaceGrant(SpacePermission.ALL, true);

  /** A space the caller can't read is invisible to them (CONTRACT.md §7), whatever else they hold. */
  public boolean isVisible() {
    return admin || permissions.contains(SpacePermission.SPACE_READ);
  }

  public boolean has(String permission) {
    return admin || permissions.contains(permission);
  }

  /** Passes if the caller holds {@code permission}; else 403 ({@code what} says what was refused). */
  public void require(String permission, String what) {
    if (!has(permission)) {
      throw ApiProblem.forbidden("you need " + permission + " on this space to " + what);
    }
  }

  public void requireAdmin(String what) {
    if (!admin) {
      throw ApiProblem.forbidden("you need to be a space admin to " + what);
    }
  }
}
