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

  public <U> Page<U> map(Function<T, U> f) {
    return new Page<>(items.stream().map(f).toList(), pagination);
  }
}
