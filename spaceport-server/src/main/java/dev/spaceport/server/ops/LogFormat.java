package dev.spaceport.server.ops;

import java.util.Locale;

/** How the server writes its logs to stderr: one JSON object per line, or human-readable text. */
public enum LogFormat {
  JSON, TEXT;

  /** {@code json} or {@code text}, in any case. */
  public static LogFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("log format must be json or text, got '" + value + "'");
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
