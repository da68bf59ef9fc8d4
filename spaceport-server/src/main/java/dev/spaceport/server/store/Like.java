package dev.spaceport.server.store;

import java.util.Locale;

/**
 * Case-insensitive substring matching that means the same on SQLite and PostgreSQL: names are
 * stored with a lower-cased twin ({@code name_key}) and the term is lower-cased the same way in
 * Java, so neither database's own notion of case folding matters. {@code %}, {@code _} and
 * {@code \} in a term are literal.
 */
public final class Like {

  /** Append after a pattern's placeholder ({@link Dialect#likePattern}). */
  public static final String ESCAPE = " ESCAPE '\\'";

  private Like() {}

  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * True when the name indexes can answer a search for {@code term}: its lower-cased form holds
   * three consecutive letters or digits, so both SQLite's FTS5 trigram index and pg_trgm (which
   * builds trigrams from runs of letters and digits only) have at least one trigram to look up.
   * Other terms ("a", "ab", "a-b", "%%%") are served by bounded scans (see NameFilter).
   */
  public static boolean isIndexable(String term) {
    int run = 0;
    for (int cp : key(term).codePoints().toArray()) {
      run = Character.isLetterOrDigit(cp) ? run + 1 : 0;
      if (run >= 3) {
        return true;
      }
    }
    return false;
  }

  /** {@code term} as an FTS5 phrase (a quoted string; every character in it is literal). */
  static String ftsPhrase(String term) {
    return '"' + key(term).replace("\"", "\"\"") + '"';
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
