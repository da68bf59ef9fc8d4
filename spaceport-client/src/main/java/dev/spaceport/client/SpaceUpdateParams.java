package dev.spaceport.client;

/**
 * What to change on a space; a null field is left as it is. {@code description("")} clears it.
 *
 * <pre>{@code
 * spaces.update("production", SpaceUpdateParams.description("Live models, EU"));
 * spaces.update("production", SpaceUpdateParams.builder().name("prod-eu").description("").build());
 * }</pre>
 */
public record SpaceUpdateParams(String name, String description) {

  /** Renames the space; the new name must be unique in its organization. */
  public static SpaceUpdateParams name(String name) {
    return new SpaceUpdateParams(name, null);
  }

  /** Sets the description; {@code ""} clears it. */
  public static SpaceUpdateParams description(String description) {
    return new SpaceUpdateParams(null, description);
  }

  /** A builder with nothing to change yet; {@link SpacesClient#update} needs at least one. */
  public static Builder builder() {
    return new Builder();
  }

  boolean isEmpty() {
    return name == null && description == null;
  }

  /** Builds {@link SpaceUpdateParams}; each field left unset stays as it is on the space. */
  public static final class Builder {
    private String name;
    private String description;

    private Builder() {}

    /** The new name, unique in the space's organization. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The new description; {@code ""} clears it. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** The changes as set so far (possibly none: the update then fails before any request). */
    public SpaceUpdateParams build() {
      return new SpaceUpdateParams(name, description);
    }
  }
}
