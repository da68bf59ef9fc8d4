package dev.spaceport.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a list, fetched a page at a time and only when the iteration gets there: at most
 * one page is held in memory, and stopping early fetches nothing more. Each call to
 * {@link #iterator()} or {@link #stream()} starts a fresh walk from the first page.
 */
public final class PagedIterable<T> implements Iterable<T> {

  private final String firstCursor;
  private final Supplier<Function<String, Page<T>>> walks;

  /** @param fetchPage fetches the page after a cursor (null: the first page) */
  public PagedIterable(String firstCursor, Function<String, Page<T>> fetchPage) {
    this.firstCursor = firstCursor;
    this.walks = () -> fetchPage;
  }

  /** Each walk fetches its pages through a fresh function from {@code walks} (it may keep state). */
  static <T> PagedIterable<T> perWalk(String firstCursor,
      Supplier<Function<String, Page<T>>> walks) {
    return new PagedIterable<>(walks, firstCursor);
  }

  private PagedIterable(Supplier<Function<String, Page<T>>> walks, String firstCursor) {
    this.firstCursor = firstCursor;
    this.walks = walks;
  }

  @Override
  public Iterator<T> iterator() {
    Function<String, Page<T>> fetchPage = walks.get();
    return new Iterator<>() {
      private Iterator<T> current = null;
      private Optional<String> next = Optional.ofNullable(firstCursor);
      private boolean started = false;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          if (started && next.isEmpty()) {
            return false;
          }
          Page<T> page = fetchPage.apply(next.orElse(null));
          started = true;
          current = page.items().iterator();
          next = page.hasMore() ? page.nextCursor() : Optional.empty();
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** A sequential, lazy stream over every item. */
  public Stream<T> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }
}
