package dev.spaceport.client;

import java.util.Objects;

/**
 * An organization to create, as a value.
 *
 * <pre>{@code
 * organizations.create(OrganizationCreateParams.builder().name("acme")
 *     .description("Acme Corp.").build());
 * }</pre>
 *
 * @param name unique in the account
 * @param description what the organization is, or null for the empty description
 */
public record OrganizationCreateParams(String name, String description) {

  /** @throws NullPointerException without a name */
  public OrganizationCreateParams {
    Objects.requireNonNull(name, "name");
  }

  /** A builder; the name is required, the description optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link OrganizationCreateParams}. */
  public static final class Builder {
    private String name;
    private String description;

    private Builder() {}

    /** The organization's name (required). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** What the organization is (optional; the server stores {@code ""} without one). */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** @throws NullPointerException without a name */
    public OrganizationCreateParams build() {
      return new OrganizationCreateParams(name, description);
    }
  }
}
