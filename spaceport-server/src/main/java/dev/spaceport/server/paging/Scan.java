package dev.spaceport.server.paging;

import java.util.List;

/**
 * What a list query read for one page: the matching rows in list order (up to
 * {@link PageRequest#fetchSize()}), and — when it stopped after a bounded scan before finding a
 * full page — the sort key of the last row it examined, where the next page resumes.
 *
 * @param resumeAfter null when {@code rows} is all there is up to the page's end
 */
public record Scan<R>(List<R> rows, SortKey resumeAfter) {

  /** Rows from a query that was not cut short. */
  public static <R> Scan<R> complete(List<R> rows) {
    return new Scan<>(rows, null);
  }
}
