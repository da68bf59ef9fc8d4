package dev.spaceport.client;

/**
 * What to change on a user; a null field is left as it is.
 *
 * <pre>{@code
 * users.update(userId, UserUpdateParams.name("Ada L."));
 * users.update(userId, UserUpdateParams.builder().name("Ada L.").isDeveloper(false).build());
 * }</pre>
 */
public record UserUpdateParams(String name, Boolean isDeveloper) {

  /** Renames the user. */
  public static UserUpdateParams name(String name) {
    return new UserUpdateParams(name, null);
  }

  /** Allows or forbids the user API keys. */
  public static UserUpdateParams isDeveloper(boolean isDeveloper) {
    return new UserUpdateParams(null, isDeveloper);
  }

  /**
   * A builder with nothing to change yet; {@link UsersClient#update(String, UserUpdateParams)}
   * needs at least one.
   */
  public static Builder builder() {
    return new Builder();
  }

  boolean isEmpty() {
    return name == null && isDeveloper == null;
  }

  /** Builds {@link UserUpdateParams}; each field left unset stays as it is on the user. */
  public static final class Builder {
    private String name;
    private Boolean isDeveloper;

    private Builder() {}

    /** The new full name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Whether the user may use API keys. */
    public Builder isDeveloper(boolean isDeveloper) {
      this.isDeveloper = isDeveloper;
      return this;
    }

    /** The changes as set so far (possibly none: the update then fails before any request). */
    public UserUpdateParams build() {
      return new UserUpdateParams(name, isDeveloper);
    }
  }
}
