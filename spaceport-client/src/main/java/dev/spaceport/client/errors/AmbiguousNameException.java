package dev.spaceport.client.errors;

import java.util.List;

/**
 * A name matched more than one resource the caller can see (space names are unique only within an
 * organization). Use one of {@link #matchingIds()} instead of the name.
 */
public class AmbiguousNameException extends SpaceportException {

  /** The IDs of every visible resource with that exact name, in list order. */
  private final List<String> matchingIds;

  /** Thrown by name resolution; {@code kind} is e.g. {@code space}. */
  public AmbiguousNameException(String kind, String name, List<String> matchingIds) {
    super(kind + " name '" + name + "' matches " + matchingIds.size() + " " + kind
        + "s; use an ID instead: " + String.join(", ", matchingIds));
    this.matchingIds = List.copyOf(matchingIds);
  }

  /** The IDs of every visible resource with that exact name; pass one of them instead. */
  public List<String> matchingIds() {
    return matchingIds;
  }
}
