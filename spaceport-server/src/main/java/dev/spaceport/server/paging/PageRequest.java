package dev.spaceport.server.paging;

/**
 * What one list call asked for: at most {@code limit} rows after {@code after} (null for the first
 * page), within {@code scope} (the list and its filters, which the next cursor is bound to).
 */
public record PageRequest(int limit, SortKey after, String scope) {

  /** SQL for the keyset condition; binds {@link #afterCreatedAt()} and {@link #afterId()}. */
  public static final String AFTER = "(created_at, id) > (?, ?)";

  public long afterCreatedAt() {
    return after == null ? Long.MIN_VALUE : after.createdAt();
  }

  public long afterId() {
    return after == null ? Long.MIN_VALUE : after.id();
  }

  /** Rows to fetch: one more than the page, to learn whether another page follows. */
  public int fetchSize() {
    return limit + 1;
  }
}
