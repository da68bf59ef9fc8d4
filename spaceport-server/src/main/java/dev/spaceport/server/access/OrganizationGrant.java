package dev.spaceport.server.access;

import dev.spaceport.server.http.ApiProblem;
import java.util.List;

/**
 * What a caller may do in one organization: account admins everything; members by their
 * organization role. An organization the caller does not belong to is invisible to them.
 *
 * @param role the caller's organization role, or null when they are not a member
 */
public record OrganizationGrant(String role, boolean accountAdmin) {

  /** The organization roles that may create spaces, here and in SQL ({@link Access#spaceCreatorIn}). */
  static final List<String> SPACE_CREATOR_ROLES = List.of("admin", "member");

  public boolean isVisible() {
    return accountAdmin || role != null;
  }

  public boolean isAdmin() {
    return accountAdmin || "admin".equals(role);
  }

  public void requireAdmin(String what) {
    if (!isAdmin()) {
      throw ApiProblem.forbidden("you need to be an organization admin to " + what);
    }
  }

  /** Organization admins and members may create spaces; read-only and annotators may not. */
  public void requireSpaceCreator() {
    if (!accountAdmin && !SPACE_CREATOR_ROLES.contains(role)) {
      throw ApiProblem.forbidden(
          "your organization role does not allow creating spaces in this organization");
    }
  }
}
