package dev.spaceport.client.internal;

import dev.spaceport.client.Page;
import dev.spaceport.client.errors.BadRequestException;
import java.util.function.Function;

/**
 * Lists of items named exactly so, on a list whose {@code name} filter is the contract's
 * case-insensitive substring match (spaces, organizations), as cheaply as the server allows:
 *
 * <ul>
 *   <li><b>Spaceport</b> serves {@code name_match=exact} (one equality lookup on an index) and says
 *       so with {@code Spaceport-Name-Match: exact}: the answer is the exact matches, usually one
 *       request whatever number of other names contain this one.
 *   <li><b>A server that ignores the parameter</b> (Arize's API, an older Spaceport) answers the
 *       substring filter, without the header: the items whose name is not exactly this one are
 *       dropped, and the walk continues as Arize's SDK does — {@code name}, {@code limit},
 *       {@code cursor}, without {@code name_match} — through every page of substring matches.
 *   <li><b>A server that refuses it</b> (a 400 naming {@code name_match}): the request is sent
 *       again without it, and this object never sends it again.
 * </ul>
 *
 * Items are compared with {@link String#equals} in every case (on an exact answer that keeps
 * everything: the server compares code point by code point too). One instance per resource client,
 * so "refused" is remembered for the client's lifetime; thread-safe.
 */
public final class ExactNames<T> {

  public static final String PARAM = "name_match";
  public static final String HEADER = "spaceport-name-match";

  /** Sends one list request after {@code cursor}, with {@code name_match=exact} when asked. */
  @FunctionalInterface
  public interface ListCall<T> {
    Requester.Answer<Page<T>> send(String cursor, boolean askExact);
  }

  private final Function<T, String> nameOf;
  private volatile boolean refused;

  public ExactNames(Function<T, String> nameOf) {
    this.nameOf = nameOf;
  }

  /** True once the server answered {@code name_match} with a 400 naming it. */
  public boolean refused() {
    return refused;
  }

  /**
   * The page after {@code cursor} of items named exactly {@code name}, for a caller that follows
   * cursors itself: asks for exact matching unless the server refused it (a server that ignores
   * the parameter ignores it on every page, so asking again is harmless). The page may hold fewer
   * items than its limit — none, even — while more follow.
   */
  public Page<T> page(String name, String cursor, ListCall<T> call) {
    return walk(name, call).apply(cursor);
  }

  /**
   * A fresh walk through the items named exactly {@code name}: a function from a cursor (null for
   * the first page) to the page after it, to be called in order, page after page. Whether the
   * server applied exact matching is learnt from the first page, and later pages are asked the
   * same way, so each cursor goes back with the filters it was issued for.
   */
  public Function<String, Page<T>> walk(String name, ListCall<T> call) {
    return new Function<>() {
      private Boolean exact; // null until the first answer

      @Override
      public Page<T> apply(String cursor) {
        boolean ask = exact == null ? !refused : exact;
        Requester.Answer<Page<T>> answer;
        if (ask) {
          try {
            answer = call.send(cursor, true);
          } catch (BadRequestException e) {
            if (!namesTheParameter(e)) {
              throw e;
            }
            refused = true;
            ask = false;
            answer = call.send(cursor, false);
          }
        } else {
          answer = call.send(cursor, false);
        }
        boolean applied = ask && "exact".equals(answer.header(HEADER));
        if (exact == null) {
          exact = applied;
        }
        Page<T> page = answer.body();
        return new Page<>(page.items().stream().filter(item -> name.equals(nameOf.apply(item)))
            .toList(), page.hasMore(), page.nextCursor());
      }
    };
  }

  /** A 400 whose problem (title or detail), or plain-text body, names the parameter. */
  private static boolean namesTheParameter(BadRequestException e) {
    return e.status() == 400 && e.getMessage() != null && e.getMessage().contains(PARAM);
  }
}
