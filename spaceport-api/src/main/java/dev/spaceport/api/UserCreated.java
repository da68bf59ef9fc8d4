package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Response of {@code POST /v2/users}: the user's fields plus the invite mode that was used. */
public record UserCreated(
    String id,
    String name,
    String email,
    @JsonProperty("created_at") Instant createdAt,
    String status,
    RoleAssignment role,
    @JsonProperty("is_developer") boolean isDeveloper,
    @JsonProperty("invite_mode") String inviteMode) {

  /** {@code user} as created, with the invite mode it was created with. */
  public static UserCreated of(User user, String inviteMode) {
    return new UserCreated(user.id(), user.name(), user.email(), user.createdAt(), user.status(),
        user.role(), user.isDeveloper(), inviteMode);
  }
}
