package dev.spaceport.client;

import dev.spaceport.api.Permission;
import java.util.Collection;
import java.util.List;

/**
 * What to change on a custom role; a null field is left as it is. {@code description("")} clears
 * the description, and permissions replace the old set.
 *
 * <pre>{@code
 * roles.update(roleId, RoleUpdateParams.permissions(List.of(Permission.SPACE_UPDATE)));
 * roles.update(roleId, RoleUpdateParams.builder().name("auditor").description("").build());
 * }</pre>
 */
public record RoleUpdateParams(String name, String description, List<Permission> permissions) {

  /** The permissions, if any, are copied. */
  public RoleUpdateParams {
    permissions = permissions == null ? null : List.copyOf(permissions);
  }

  /** Renames the role; the new name must be unique in the account. */
  public static RoleUpdateParams name(String name) {
    return new RoleUpdateParams(name, null, null);
  }

  /** Sets the description; {@code ""} clears it. */
  public static RoleUpdateParams description(String description) {
    return new RoleUpdateParams(null, description, null);
  }

  /** Replaces the role's permissions. */
  public static RoleUpdateParams permissions(Collection<Permission> permissions) {
    return new RoleUpdateParams(null, null, List.copyOf(permissions));
  }

  /**
   * A builder with nothing to change yet; {@link RolesClient#update(String, RoleUpdateParams)}
   * needs at least one.
   */
  public static Builder builder() {
    return new Builder();
  }

  boolean isEmpty() {
    return name == null && description == null && permissions == null;
  }

  /** Builds {@link RoleUpdateParams}; each field left unset stays as it is on the role. */
  public static final class Builder {
    private String name;
    private String description;
    private List<Permission> permissions;

    private Builder() {}

    /** The new name, unique in the account. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The new description; {@code ""} clears it. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** The new permissions, replacing the old set. */
    public Builder permissions(Permission... permissions) {
      this.permissions = List.of(permissions);
      return this;
    }

    /** The new permissions, replacing the old set. */
    public Builder permissions(Collection<Permission> permissions) {
      this.permissions = List.copyOf(permissions);
      return this;
    }

    /** The changes as set so far (possibly none: the update then fails before any request). */
    public RoleUpdateParams build() {
      return new RoleUpdateParams(name, description, permissions);
    }
  }
}
