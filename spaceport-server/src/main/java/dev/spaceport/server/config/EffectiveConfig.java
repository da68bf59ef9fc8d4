package dev.spaceport.server.config;

import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.config.ConfigResolver.Key;
import dev.spaceport.server.config.ConfigResolver.Setting;
import dev.spaceport.server.ops.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The settings {@link ConfigResolver} resolved, each with where it came from. */
public final class EffectiveConfig {

  public static final String REDACTED = "<redacted>";
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)((?:password|sslpassword)=)[^&;]*");
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]*:)[^@/]*@");

  private final Map<Key, Setting> settings;
  private final Path file;

  EffectiveConfig(Map<Key, Setting> settings, Path file) {
    this.settings = Map.copyOf(settings);
    this.file = file;
  }

  public Setting get(Key key) {
    return settings.get(key);
  }

  /** The raw value of a setting, or null when it is unset. */
  public String value(Key key) {
    return settings.get(key).value();
  }

  public Collection<Setting> settings() {
    return java.util.Arrays.stream(Key.values()).map(settings::get).toList();
  }

  /** The configuration file that was read, if one was. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * The settings as the server takes them, validated.
   *
   * @throws ConfigException naming the bad setting and where its value came from
   */
  public ServerConfig serverConfig() {
    String host = value(Key.HOST).trim();
    int port = integer(Key.PORT, 0, 65_535);
    Path dataDir = ConfigResolver.expandHome(value(Key.DATA_DIR));
    String url = blankToNull(value(Key.DATABASE_URL));
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      throw invalid(Key.DATABASE_URL, "must be a jdbc:postgresql:// URL");
    }
    String adminKey = blankToNull(value(Key.ADMIN_API_KEY));
    if (adminKey != null && adminKey.length() < ServerConfig.MIN_ADMIN_KEY_LENGTH) {
      throw invalid(Key.ADMIN_API_KEY, "must be at least " + ServerConfig.MIN_ADMIN_KEY_LENGTH
          + " characters");
    }
    int rateLimit = integer(Key.RATE_LIMIT, 0, Integer.MAX_VALUE);
    int maxConcurrent = integer(Key.MAX_CONCURRENT_REQUESTS_PER_KEY, 0, Integer.MAX_VALUE);
    Duration shutdown = duration(Key.SHUTDOWN_TIMEOUT);
    LogFormat format;
    try {
      format = LogFormat.parse(value(Key.LOG_FORMAT));
    } catch (IllegalArgumentException e) {
      throw invalid(Key.LOG_FORMAT, "must be json or text");
    }
    return new ServerConfig(host, port, dataDir, url, blankToNull(value(Key.DATABASE_USER)),
        blankToNull(value(Key.DATABASE_PASSWORD)), adminKey, rateLimit, maxConcurrent, shutdown,
        format);
  }

  /**
   * What {@code spaceport serve --print-config} prints: every setting as YAML (so it can seed a
   * {@code spaceport.yaml}), each with its source, secrets redacted.
   */
  public String print() {
    StringBuilder out = new StringBuilder("# Effective Spaceport configuration "
        + "(flags > environment > " + ConfigResolver.FILE_NAME + " > defaults)\n");
    out.append("# configuration file: ").append(file == null ? "none" : file.toString())
        .append('\n');
    for (Setting s : settings()) {
      String shown = s.value() == null ? "" : quote(displayValue(s));
      String line = s.key().flag + ": " + shown;
      out.append(line).append(" ".repeat(Math.max(1, 44 - line.length()))).append("# ")
          .append(describe(s)).append('\n');
    }
    return out.toString();
  }

  /** The value as it may be shown: secrets redacted, passwords inside URLs too. */
  public static String displayValue(Setting s) {
    if (s.value() == null) {
      return null;
    }
    if (s.key().secret) {
      return REDACTED;
    }
    if (s.key() == Key.DATABASE_URL) {
      return redactUrl(s.value());
    }
    return s.value();
  }

  static String redactUrl(String url) {
    String redacted = URL_PASSWORD.matcher(url).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
    return URL_USERINFO.matcher(redacted).replaceAll("$1" + Matcher.quoteReplacement(REDACTED) + "@");
  }

  private static String describe(Setting s) {
    String where = switch (s.source()) {
      case FLAG -> "flag " + s.origin();
      case ENV -> "env " + s.origin();
      case FILE -> "file " + s.origin();
      case DEFAULT -> "default";
    };
    return s.value() == null ? where + " (unset)" : where;
  }

  private static String quote(String value) {
    // Single-quoted YAML scalars take everything literally; a quote is doubled.
    return "'" + value.replace("'", "''") + "'";
  }

  private int integer(Key key, int min, int max) {
    String raw = value(key).trim();
    try {
      long n = Long.parseLong(raw);
      if (n < min || n > max) {
        throw invalid(key, "must be from " + min + " to " + max);
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw invalid(key, "must be a whole number");
    }
  }

  /** {@code 10}, {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}; plain numbers are seconds. */
  private Duration duration(Key key) {
    Matcher m = DURATION.matcher(value(key).trim());
    if (!m.matches()) {
      throw invalid(key, "must be a duration such as 10s, 500ms or 2m");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private ConfigException invalid(Key key, String why) {
    Setting s = settings.get(key);
    String where = switch (s.source()) {
      case FLAG -> "flag " + s.origin();
      case ENV -> "environment variable " + s.origin();
      case FILE -> "file " + s.origin();
      case DEFAULT -> "the default";
    };
    String shown = displayValue(s);
    return new ConfigException(key.flag + " " + why + " (got '" + shown + "' from " + where + ")");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
