package dev.spaceport.client;

import java.util.Objects;

/**
 * A space to create: the arguments of Arize's {@code spaces.create}, as a value.
 *
 * <pre>{@code
 * spaces.create(SpaceCreateParams.builder().name("production").organizationId(orgId)
 *     .description("Live models").build());
 * }</pre>
 *
 * @param name 1–255 code points, unique (exactly, case-sensitively) within the organization
 * @param organizationId the organization to create it in (an ID)
 * @param description up to 1000 code points, or null for the empty description
 */
public record SpaceCreateParams(String name, String organizationId, String description) {

  /** @throws NullPointerException without a name or an organization */
  public SpaceCreateParams {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(organizationId, "organizationId");
  }

  /** A builder; the name and the organization are required, the description optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link SpaceCreateParams}. */
  public static final class Builder {
    private String name;
    private String organizationId;
    private String description;

    private Builder() {}

    /** The space's name (required). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The organization to create it in (required). */
    public Builder organizationId(String organizationId) {
      this.organizationId = organizationId;
      return this;
    }

    /** What the space is for (optional; the server stores {@code ""} without one). */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** @throws NullPointerException without a name or an organization */
    public SpaceCreateParams build() {
      return new SpaceCreateParams(name, organizationId, description);
    }
  }
}
