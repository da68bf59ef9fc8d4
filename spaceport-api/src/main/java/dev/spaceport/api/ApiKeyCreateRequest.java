package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Body of {@code POST /v2/api-keys} and {@code POST /v2/users/{id}/api-keys}. Arize's SDK always
 * sends {@code key_type} ("user"), so it is accepted; only user keys can be created here.
 */
public record ApiKeyCreateRequest(
    String name,
    String description,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("key_type") String keyType) {

  /** A request without {@code key_type}, as the contract's body has none. */
  public ApiKeyCreateRequest(String name, String description, Instant expiresAt) {
    this(name, description, expiresAt, null);
  }
}
