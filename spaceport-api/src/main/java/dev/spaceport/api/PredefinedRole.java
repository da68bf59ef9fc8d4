package dev.spaceport.api;

import java.util.Optional;

/** The four predefined roles, on spaces and in organizations alike. */
public enum PredefinedRole {
  /** Full control of the space or organization, including its members. */
  ADMIN("admin"),
  /** Reads; in an organization, may also create spaces. */
  MEMBER("member"),
  /** Reads only; {@code read-only} on the wire ({@code READ_ONLY} accepted too). */
  READ_ONLY("read-only"),
  /** For users whose account role is annotator, and only for them. */
  ANNOTATOR("annotator");

  private final String wireName;

  PredefinedRole(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling the server writes: lower case, {@code read-only} with a hyphen. */
  public String wireName() {
    return wireName;
  }

  /**
   * Accepts SDK 8.31.0's spelling ({@code read-only}) and later SDKs' ({@code READ_ONLY}); empty for
   * anything else.
   */
  public static Optional<PredefinedRole> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (PredefinedRole role : values()) {
      if (role.wireName.equals(value) || role.name().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }

}
