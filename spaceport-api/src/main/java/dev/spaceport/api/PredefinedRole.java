package dev.spaceport.api;

import java.util.Optional;

/** The four predefined roles, on spaces and in organizations alike. */
public enum PredefinedRole {
  ADMIN("admin"),
  MEMBER("member"),
  READ_ONLY("read-only"),
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
