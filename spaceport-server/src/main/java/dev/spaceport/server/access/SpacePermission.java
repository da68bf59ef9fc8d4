package dev.spaceport.server.access;

import dev.spaceport.api.PredefinedRole;
import java.util.Set;

/** The permissions that act on a space (CONTRACT.md §7), and what each predefined role holds. */
public final class SpacePermission {

  public static final String SPACE_READ = "SPACE_READ";
  public static final String SPACE_UPDATE = "SPACE_UPDATE";
  public static final String SPACE_DELETE = "SPACE_DELETE";
  public static final String ROLE_BINDING_READ = "ROLE_BINDING_READ";
  public static final String ROLE_BINDING_CREATE = "ROLE_BINDING_CREATE";
  public static final String ROLE_BINDING_DELETE = "ROLE_BINDING_DELETE";

  public static final Set<String> ALL = Set.of(SPACE_READ, SPACE_UPDATE, SPACE_DELETE,
      ROLE_BINDING_READ, ROLE_BINDING_CREATE, ROLE_BINDING_DELETE);

  private SpacePermission() {}

  public static Set<String> of(PredefinedRole role) {
    return switch (role) {
      case ADMIN -> ALL;
      case MEMBER -> Set.of(SPACE_READ, ROLE_BINDING_READ);
      case READ_ONLY, ANNOTATOR -> Set.of(SPACE_READ);
    };
  }
}
