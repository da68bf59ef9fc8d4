package dev.spaceport.server.paging;

import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.QueryParams;
import io.javalin.http.Context;

/**
 * How the {@code name} filter of the spaces and organizations lists matches, chosen by the
 * optional query parameter {@code name_match} (ours): {@code substring} (the default, the
 * contract's case-insensitive substring filter) or {@code exact} (the name exactly, compared as the
 * unique indexes compare names: case-sensitive, code point by code point, no normalisation), which
 * is one equality lookup on an index. A response served in exact mode says so with
 * {@value #HEADER}{@code : exact}, so a client can tell it from a server that ignored the
 * parameter; the body is the same list shape as always.
 */
public enum NameMatch {
  SUBSTRING,
  EXACT;

  public static final String PARAM = "name_match";
  public static final String HEADER = "Spaceport-Name-Match";

  /**
   * The request's {@code name_match}: {@link #SUBSTRING} when absent. A value other than
   * {@code substring} or {@code exact}, or the parameter without a non-empty {@code name} to
   * qualify, is a 400 naming it (a client asking for exact matching without a name would otherwise
   * silently get the whole list).
   */
  public static NameMatch read(Context ctx, String name) {
    String raw = QueryParams.single(ctx, PARAM);
    if (raw == null) {
      return SUBSTRING;
    }
    NameMatch match = switch (raw) {
      case "substring" -> SUBSTRING;
      case "exact" -> EXACT;
      default -> throw ApiProblem.badRequest("'" + PARAM + "' must be 'substring' or 'exact'");
    };
    if (name == null || name.isEmpty()) {
      throw ApiProblem.badRequest("'" + PARAM + "' qualifies 'name'; give a non-empty 'name' "
          + "or leave '" + PARAM + "' out");
    }
    return match;
  }

  /**
   * What this mode adds to a list's cursor scope. Nothing for {@link #SUBSTRING}, so
   * {@code name_match=substring} and no {@code name_match} are the same list (and cursors issued
   * before the parameter existed stay valid); exact-mode cursors are good for exact mode only.
   */
  public String scopeSuffix() {
    return this == EXACT ? "|match=exact" : "";
  }

  /** Marks a successful exact-mode response with {@value #HEADER}; call after the page is read. */
  public void announce(Context ctx) {
    if (this == EXACT) {
      ctx.header(HEADER, "exact");
    }
  }
}
