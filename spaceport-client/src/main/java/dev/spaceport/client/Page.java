package dev.spaceport.client;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list call. {@link #nextCursor()} is present exactly when {@link #hasMore()}; pass
 * it back as the next call's cursor, or use the {@code listAll} methods and let the SDK page.
 */
public record Page<T>(List<T> items, boolean hasMore, Optional<String> nextCursor) {

  /** Copies {@code items}, so a page never changes after it is made. */
  public Page {
    items = List.copyOf(items);
  }
}
