package dev.spaceport.client.errors;

import java.util.List;

/**
 * A name matched more than one resource the caller can see (space names are unique only within an
 * organization). Use one of {@link #matchingIds()} instead of the name.
 */
public class AmbiguousNameException extends SpaceportException {

  private final List<String> matchingIds;

  public AmbiguousNameException(String kind, String name, List<String> matchingIds) {
    super(kind + " name '" + name + "' matches " + matchingIds.size() + " " + kind
        + "s; use an ID instead: " + String.join(", ", matchingIds));
    this.matchingIds = List.copyOf(matchingIds);
  }

  public List<String> matchingIds() {
    return matchingIds;
  }
}
