package dev.spaceport.server.store;

import java.util.Locale;

/**
 * Case-insensitive substring matching that means the same on SQLite and PostgreSQL: names are
 * stored with a lower-cased twin ({@code name_key}) and the term is lower-cased the same way in
 * Java, so neither database's own notion of case folding matters. {@code %}, {@code _} and
 * {@code \} in a term are literal.
 */
public final class Like {

  /** Append after a column: {@code name_key LIKE ? ESCAPE '\'}. */
  public static final String ESCAPE = " ESCAPE '\\'";

  private Like() {}

  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  public static String containsPattern(String term) {
    StringBuilder pattern = new StringBuilder(term.length() + 8).append('%');
    for (char c : key(term).toCharArray()) {
      if (c == '%' || c == '_' || c == '\\') {
        pattern.append('\\');
      }
      pattern.append(c);
    }
    return pattern.append('%').toString();
  }
}
