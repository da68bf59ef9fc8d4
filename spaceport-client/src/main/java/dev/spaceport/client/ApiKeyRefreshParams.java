package dev.spaceport.client;

import java.time.Duration;
import java.time.Instant;

/**
 * How to refresh an API key's secret; both fields are optional.
 *
 * <pre>{@code
 * apiKeys.refresh(keyId, ApiKeyRefreshParams.builder().gracePeriod(Duration.ofHours(1)).build());
 * }</pre>
 *
 * @param expiresAt when the new secret stops working, or null for one that does not expire
 * @param gracePeriod how long the old secret keeps working, or null for it to stop at once
 */
public record ApiKeyRefreshParams(Instant expiresAt, Duration gracePeriod) {

  /** The old secret stops at once, and the new one does not expire. */
  public static final ApiKeyRefreshParams NOW = new ApiKeyRefreshParams(null, null);

  /** A builder with nothing set: the old secret stops at once, the new one never expires. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ApiKeyRefreshParams}; everything is optional. */
  public static final class Builder {
    private Instant expiresAt;
    private Duration gracePeriod;

    private Builder() {}

    /** When the new secret stops working (default: never). */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** How long the old secret keeps working (default: it stops at once). */
    public Builder gracePeriod(Duration gracePeriod) {
      this.gracePeriod = gracePeriod;
      return this;
    }

    /** The parameters as set so far. */
    public ApiKeyRefreshParams build() {
      return new ApiKeyRefreshParams(expiresAt, gracePeriod);
    }
  }
}
