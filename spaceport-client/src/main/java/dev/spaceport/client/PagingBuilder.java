package dev.spaceport.client;

/**
 * The paging half of every list-parameters builder: page size and cursor, set the same way
 * whatever the filters.
 *
 * @param <B> the concrete builder, returned by each setter so calls chain
 */
public abstract class PagingBuilder<B extends PagingBuilder<B>> {

  private Integer limit;
  private String cursor;

  /** Only the concrete builders of this package extend it. */
  PagingBuilder() {}

  /** Page size, 1–100 (default 50). */
  public B limit(int limit) {
    this.limit = limit;
    return self();
  }

  /** Where to continue: a previous page's next cursor. */
  public B cursor(String cursor) {
    this.cursor = cursor;
    return self();
  }

  /** The page size set, or null for the server's default. */
  Integer pageLimit() {
    return limit;
  }

  /** The cursor set, or null for the first page. */
  String pageCursor() {
    return cursor;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
