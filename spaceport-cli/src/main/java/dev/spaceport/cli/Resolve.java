package dev.spaceport.cli;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.Role;
import dev.spaceport.api.User;
import dev.spaceport.client.ListParams;
import dev.spaceport.client.SpaceRole;
import dev.spaceport.client.SpaceportClient;
import dev.spaceport.client.errors.AmbiguousNameException;
import dev.spaceport.client.errors.NotFoundException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what people type into IDs. Spaces and organizations are resolved by the SDK; users are
 * given by ID or email, roles by ID or name.
 */
final class Resolve {

  private final SpaceportClient client;
  private final Map<String, String> users = new HashMap<>();
  private List<Role> roles;

  Resolve(SpaceportClient client) {
    this.client = client;
  }

  /** A user ID, or the ID of the user with this email (case-insensitive). */
  String user(String ref) {
    String value = ref.strip();
    if (Ids.looksLikeId(value)) {
      return value;
    }
    if (!value.contains("@")) {
      throw new UsageException("'" + ref + "' is neither a user ID nor an email address");
    }
    String key = value.toLowerCase(Locale.ROOT);
    String cached = users.get(key);
    if (cached != null) {
      return cached;
    }
    List<String> ids = client.users().list(value, List.of(), ListParams.limit(10)).items()
        .stream().filter(u -> u.email().equalsIgnoreCase(value)).map(User::id).toList();
    if (ids.isEmpty()) {
      throw NotFoundException.forName("user", value);
    }
    users.put(key, ids.get(0));
    return ids.get(0);
  }

  /** A role ID, or the ID of the role with exactly this name. */
  String roleId(String ref) {
    String value = ref.strip();
    if (Ids.looksLikeId(value)) {
      return value;
    }
    List<String> ids = roles().stream().filter(r -> r.name().equals(value)).map(Role::id).toList();
    if (ids.isEmpty()) {
      throw NotFoundException.forName("role", value);
    }
    if (ids.size() > 1) {
      throw new AmbiguousNameException("role", value, ids);
    }
    return ids.get(0);
  }

  /**
   * A role on a space: a predefined name ({@code admin}, {@code member}, {@code read-only},
   * {@code annotator}; also {@code READ_ONLY}), a custom role ID, or a custom role's name.
   */
  SpaceRole spaceRole(String ref) {
    Optional<PredefinedRole> predefined = predefined(ref);
    if (predefined.isPresent()) {
      return SpaceRole.predefined(predefined.get());
    }
    return SpaceRole.custom(roleId(ref));
  }

  static Optional<PredefinedRole> predefined(String ref) {
    String value = ref.strip();
    Optional<PredefinedRole> exact = PredefinedRole.parse(value);
    if (exact.isPresent()) {
      return exact;
    }
    return PredefinedRole.parse(value.toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  /** An organization or account role: one of the predefined names. */
  static PredefinedRole predefinedOnly(String ref, String what) {
    return predefined(ref).orElseThrow(() -> new UsageException("unknown " + what + " '" + ref
        + "': expected admin, member, read-only or annotator"));
  }

  private List<Role> roles() {
    if (roles == null) {
      roles = client.roles().listAll().stream().toList();
    }
    return roles;
  }
}
