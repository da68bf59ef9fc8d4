package dev.spaceport.client;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key to create ({@link ApiKeysClient#create(ApiKeyCreateParams)} for the caller,
 * {@link UsersClient#createApiKey(String, ApiKeyCreateParams)} for another user), as a value.
 *
 * <pre>{@code
 * apiKeys.create(ApiKeyCreateParams.builder().name("laptop")
 *     .expiresAt(Instant.now().plus(Duration.ofDays(90))).build());
 * }</pre>
 *
 * @param name the key's name
 * @param description what the key is for, or null
 * @param expiresAt when the key stops working, or null for a key that does not expire
 */
public record ApiKeyCreateParams(String name, String description, Instant expiresAt) {

  /** @throws NullPointerException without a name */
  public ApiKeyCreateParams {
    Objects.requireNonNull(name, "name");
  }

  /** A builder; the name is required, the description and the expiry optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ApiKeyCreateParams}. */
  public static final class Builder {
    private String name;
    private String description;
    private Instant expiresAt;

    private Builder() {}

    /** The key's name (required). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** What the key is for (optional). */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** When the key stops working (optional; default: never). */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** @throws NullPointerException without a name */
    public ApiKeyCreateParams build() {
      return new ApiKeyCreateParams(name, description, expiresAt);
    }
  }
}
