package dev.spaceport.client;

/**
 * Paging for list calls without filters.
 *
 * @param limit page size 1–100, or null for the server's default (50)
 * @param cursor where to continue, from a previous page; null for the first page
 */
public record ListParams(Integer limit, String cursor) {

  /** The first page at the server's default size. */
  public static final ListParams FIRST_PAGE = new ListParams(null, null);

  /** The first page, {@code limit} items long (1–100). */
  public static ListParams limit(int limit) {
    return new ListParams(limit, null);
  }

  /** The same page size, continuing after {@code newCursor}. */
  public ListParams withCursor(String newCursor) {
    return new ListParams(limit, newCursor);
  }
}
