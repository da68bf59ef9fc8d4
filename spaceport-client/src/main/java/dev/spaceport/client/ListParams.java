package dev.spaceport.client;

/**
 * Paging for list calls without filters.
 *
 * @param limit page size 1–100, or null for the server's default (50)
 * @param cursor where to continue, from a previous page; null for the first page
 */
public record ListParams(Integer limit, String cursor) {

  public static final ListParams FIRST_PAGE = new ListParams(null, null);

  public static ListParams limit(int limit) {
    return new ListParams(limit, null);
  }

  public ListParams withCursor(String newCursor) {
    return new ListParams(limit, newCursor);
  }
}
