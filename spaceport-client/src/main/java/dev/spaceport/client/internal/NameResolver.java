package dev.spaceport.client.internal;

import dev.spaceport.client.Page;
import dev.spaceport.client.PagedIterable;
import dev.spaceport.client.errors.AmbiguousNameException;
import dev.spaceport.client.errors.NotFoundException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Turns "an ID or a name" into an ID, as Arize's SDK does: a string that decodes as an ID is one;
 * anything else is looked up with the server's name filter (a case-insensitive substring match, up
 * to 100 per page, every page read), keeping only exact, case-sensitive matches.
 */
public final class NameResolver<T> {

  static final int PAGE_SIZE = 100;

  private final String kind;
  private final BiFunction<String, String, Page<T>> listByName;
  private final Function<T, String> nameOf;
  private final Function<T, String> idOf;

  /**
   * @param listByName fetches one page of candidates: (name filter, cursor) → page
   */
  public NameResolver(String kind, BiFunction<String, String, Page<T>> listByName,
      Function<T, String> nameOf, Function<T, String> idOf) {
    this.kind = kind;
    this.listByName = listByName;
    this.nameOf = nameOf;
    this.idOf = idOf;
  }

  public String resolve(String idOrName) {
    if (idOrName == null || idOrName.isEmpty()) {
      throw new IllegalArgumentException(kind + " ID or name is required");
    }
    if (Ids.looksLikeId(idOrName)) {
      return idOrName;
    }
    List<String> matches = new PagedIterable<>(null,
        cursor -> listByName.apply(idOrName, cursor)).stream()
        .filter(candidate -> nameOf.apply(candidate).equals(idOrName))
        .map(idOf)
        .toList();
    if (matches.isEmpty()) {
      throw NotFoundException.forName(kind, idOrName);
    }
    if (matches.size() > 1) {
      throw new AmbiguousNameException(kind, idOrName, matches);
    }
    return matches.get(0);
  }
}
