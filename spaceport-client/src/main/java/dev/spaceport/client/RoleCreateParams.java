package dev.spaceport.client;

import dev.spaceport.api.Permission;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A custom role to create, as a value.
 *
 * <pre>{@code
 * roles.create(RoleCreateParams.builder().name("reviewer")
 *     .permissions(Permission.SPACE_READ, Permission.ROLE_BINDING_READ).build());
 * }</pre>
 *
 * @param name unique in the account
 * @param description what the role is for, or null for none
 * @param permissions what the role grants; the server needs at least one
 */
public record RoleCreateParams(String name, String description, List<Permission> permissions) {

  /** @throws NullPointerException without a name or permissions */
  public RoleCreateParams {
    Objects.requireNonNull(name, "name");
    permissions = List.copyOf(Objects.requireNonNull(permissions, "permissions"));
  }

  /** A builder; the name and the permissions are required, the description optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link RoleCreateParams}. */
  public static final class Builder {
    private String name;
    private String description;
    private List<Permission> permissions;

    private Builder() {}

    /** The role's name (required). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** What the role is for (optional). */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** What the role grants (required, at least one). */
    public Builder permissions(Permission... permissions) {
      this.permissions = List.of(permissions);
      return this;
    }

    /** What the role grants (required, at least one). */
    public Builder permissions(Collection<Permission> permissions) {
      this.permissions = List.copyOf(permissions);
      return this;
    }

    /** @throws NullPointerException without a name or permissions */
    public RoleCreateParams build() {
      return new RoleCreateParams(name, description, permissions);
    }
  }
}
