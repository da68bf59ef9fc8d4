package dev.spaceport.client.internal;

import dev.spaceport.client.Page;
import dev.spaceport.client.PagedIterable;
import dev.spaceport.client.errors.AmbiguousNameException;
import dev.spaceport.client.errors.NotFoundException;
import java.util.List;
import java.util.function.Function;

/**
 * Turns "an ID or a name" into an ID, as Arize's SDK does: a string that decodes as an ID is one;
 * anything else is looked up by name, up to 100 per page, every page read, keeping only exact,
 * case-sensitive matches; none is a {@link NotFoundException}, several an
 * {@link AmbiguousNameException}. The pages come from {@link ExactNames}: against Spaceport one
 * exact-name request (usually one page, whatever number of other names contain this one); against
 * a server without {@code name_match}, the substring filter's pages, as Arize's SDK reads them.
 */
public final class NameResolver<T> {

  public static final int PAGE_SIZE = 100;

  private final String kind;
  private final Function<String, Function<String, Page<T>>> walkByName;
  private final Function<T, String> nameOf;
  private final Function<T, String> idOf;

  /**
   * @param walkByName for a name, a fresh walk through its candidates: cursor (null first) → the
   *     page after it
   */
  public NameResolver(String kind, Function<String, Function<String, Page<T>>> walkByName,
      Function<T, String> nameOf, Function<T, String> idOf) {
    this.kind = kind;
    this.walkByName = walkByName;
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
    List<String> matches = new PagedIterable<>(null, walkByName.apply(idOrName)).stream()
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
