package dev.spaceport.server.http;

import io.javalin.http.Context;
import java.util.List;

/** Query parameter reading with the contract's strictness: a repeated single value is a 400. */
public final class QueryParams {

  private static final int MAX_VALUE_LENGTH = 1024;

  private QueryParams() {}

  /** The parameter's one value, or null when absent. */
  public static String single(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiProblem.badRequest("'" + name + "' may be given only once");
    }
    String value = values.get(0);
    check(name, value);
    return value;
  }

  /** Every value of a repeatable parameter. */
  public static List<String> all(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    for (String value : values) {
      check(name, value);
    }
    return values;
  }

  /** Length, and no NUL: PostgreSQL can't compare text with one (and bodies refuse it too). */
  private static void check(String name, String value) {
    if (value.length() > MAX_VALUE_LENGTH) {
      throw ApiProblem.badRequest("'" + name + "' is too long");
    }
    if (value.indexOf('\u0000') >= 0) {
      throw ApiProblem.badRequest("'" + name + "' must not contain NUL characters");
    }
  }

  /** An optional boolean spelled {@code true} or {@code false}. */
  public static Boolean bool(Context ctx, String name) {
    String value = single(ctx, name);
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw ApiProblem.badRequest("'" + name + "' must be true or false");
    };
  }
}
