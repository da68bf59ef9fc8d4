package dev.spaceport.client;

/**
 * What to change on an organization; a null field is left as it is. {@code description("")}
 * clears it.
 *
 * <pre>{@code
 * organizations.update("acme", OrganizationUpdateParams.description("Acme Corp., EU"));
 * organizations.update("acme", OrganizationUpdateParams.builder().name("acme-eu").description("")
 *     .build());
 * }</pre>
 */
public record OrganizationUpdateParams(String name, String description) {

  /** Renames the organization; the new name must be unique in the account. */
  public static OrganizationUpdateParams name(String name) {
    return new OrganizationUpdateParams(name, null);
  }

  /** Sets the description; {@code ""} clears it. */
  public static OrganizationUpdateParams description(String description) {
    return new OrganizationUpdateParams(null, description);
  }

  /**
   * A builder with nothing to change yet; {@link OrganizationsClient#update(String,
   * OrganizationUpdateParams)} needs at least one.
   */
  public static Builder builder() {
    return new Builder();
  }

  boolean isEmpty() {
    return name == null && description == null;
  }

  /** Builds {@link OrganizationUpdateParams}; each field left unset stays as it is. */
  public static final class Builder {
    private String name;
    private String description;

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

    /** The changes as set so far (possibly none: the update then fails before any request). */
    public OrganizationUpdateParams build() {
      return new OrganizationUpdateParams(name, description);
    }
  }
}
