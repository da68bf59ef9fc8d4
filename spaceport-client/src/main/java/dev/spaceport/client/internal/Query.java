package dev.spaceport.client.internal;

import dev.spaceport.api.Pagination;
import dev.spaceport.client.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers shared by the resource clients for list calls. */
public final class Query {

  private Query() {}

  /** Query parameters from alternating names and values; null values are left out. */
  public static Map<String, Object> of(Object... namesAndValues) {
    Map<String, Object> query = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        query.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return query;
  }

  public static <T> Page<T> page(List<T> items, Pagination pagination) {
    return new Page<>(items, pagination.hasMore(), Optional.ofNullable(pagination.nextCursor()));
  }
}
