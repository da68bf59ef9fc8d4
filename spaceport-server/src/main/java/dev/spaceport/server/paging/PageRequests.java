package dev.spaceport.server.paging;

import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.QueryParams;
import io.javalin.http.Context;

/** Reads {@code limit} and {@code cursor} from a list request. */
public final class PageRequests {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 100;

  private final Cursors cursors;

  public PageRequests(Cursors cursors) {
    this.cursors = cursors;
  }

  public Cursors cursors() {
    return cursors;
  }

  public PageRequest read(Context ctx, String scope) {
    int limit = DEFAULT_LIMIT;
    String rawLimit = QueryParams.single(ctx, "limit");
    if (rawLimit != null) {
      limit = parseLimit(rawLimit);
    }
    String cursor = QueryParams.single(ctx, "cursor");
    SortKey after = cursor == null || cursor.isEmpty() ? null : cursors.open(cursor, scope);
    return new PageRequest(limit, after, scope);
  }

  private static int parseLimit(String raw) {
    // ASCII digits only: Character.isDigit and Integer.parseInt also take "٣" or "１".
    if (raw.isEmpty() || raw.length() > 4 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw outOfRange();
    }
    int limit = Integer.parseInt(raw);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw outOfRange();
    }
    return limit;
  }

  private static ApiProblem outOfRange() {
    return ApiProblem.badRequest("'limit' must be an integer from 1 to " + MAX_LIMIT);
  }
}
