package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a list page stands: {@code next_cursor} is present exactly when {@code has_more} is true. */
public record Pagination(
    @JsonProperty("has_more") boolean hasMore,
    @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {

  /** The last page: {@code has_more} false and no {@code next_cursor} key. */
  public static Pagination last() {
    return new Pagination(false, null);
  }

  /** A page with more after it, continued with {@code cursor}. */
  public static Pagination next(String cursor) {
    return new Pagination(true, cursor);
  }
}
