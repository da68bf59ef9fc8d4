package dev.spaceport.server.http;

/** Field rules shared by request bodies: presence and lengths in Unicode code points. */
public final class Fields {

  public static final int MAX_NAME = 255;
  public static final int MAX_DESCRIPTION = 1000;

  private Fields() {}

  /** A required string of {@code min}..{@code max} code points, returned as given (no trimming). */
  public static String required(String value, String field, int min, int max) {
    if (value == null) {
      throw ApiProblem.badRequest("'" + field + "' is required");
    }
    return checkLength(value, field, min, max);
  }

  /** An optional string: null stays null, anything else must fit {@code 0..max} code points. */
  public static String optional(String value, String field, int max) {
    return value == null ? null : checkLength(value, field, 0, max);
  }

  /** An optional string that must not be empty when given (e.g. a new name). */
  public static String optionalNonEmpty(String value, String field, int max) {
    return value == null ? null : checkLength(value, field, 1, max);
  }

  public static <T> T present(T value, String field) {
    if (value == null) {
      throw ApiProblem.badRequest("'" + field + "' is required");
    }
    return value;
  }

  private static String checkLength(String value, String field, int min, int max) {
    int length = value.codePointCount(0, value.length());
    if (length < min) {
      throw ApiProblem.badRequest(min == 1 ? "'" + field + "' must not be empty"
          : "'" + field + "' must be at least " + min + " characters");
    }
    if (length > max) {
      throw ApiProblem.badRequest("'" + field + "' must be at most " + max + " characters");
    }
    if (hasLoneSurrogate(value)) {
      throw ApiProblem.badRequest("'" + field + "' is not valid Unicode text");
    }
    if (value.indexOf('\0') >= 0) {
      throw ApiProblem.badRequest("'" + field + "' must not contain NUL characters");
    }
    return value;
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
