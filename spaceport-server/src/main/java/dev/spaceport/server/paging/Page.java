package dev.spaceport.server.paging;

import dev.spaceport.api.Pagination;
import java.util.List;
import java.util.function.Function;

/** One page of rows and the pagination block that goes with it. */
public record Page<T>(List<T> items, Pagination pagination) {

  /**
   * Cuts {@code rows} (fetched with {@link PageRequest#fetchSize()}) to the page and, when more
   * rows follow, signs a cursor pointing after the last row served.
   */
  public static <R> Page<R> of(List<R> rows, PageRequest request, Function<R, SortKey> sortKey,
      Cursors cursors) {
    if (rows.size() <= request.limit()) {
      return new Page<>(rows, Pagination.last());
    }
    List<R> page = rows.subList(0, request.limit());
    SortKey last = sortKey.apply(page.get(page.size() - 1));
    return new Page<>(List.copyOf(page), Pagination.next(cursors.issue(request.scope(), last)));
  }

  /**
   * A page from a scan that may have been cut short. With a full page (or more) this is
   * {@link #of(List, PageRequest, Function, Cursors)}. With fewer rows and a
   * {@link Scan#resumeAfter()}, the page holds what matched — possibly nothing — and the cursor
   * points just after the last row examined (which the filter may have rejected), so
   * {@code has_more} is true although the page is short. Clients follow {@code next_cursor} as
   * always; no row is repeated or skipped.
   */
  public static <R> Page<R> of(Scan<R> scan, PageRequest request, Function<R, SortKey> sortKey,
      Cursors cursors) {
    if (scan.resumeAfter() == null || scan.rows().size() > request.limit()) {
      return of(scan.rows(), request, sortKey, cursors);
    }
    return new Page<>(List.copyOf(scan.rows()),
        Pagination.next(cursors.issue(request.scope(), scan.resumeAfter())));
  }

  public <U> Page<U> map(Function<T, U> f) {
    return new Page<>(items.stream().map(f).toList(), pagination);
  }
}
