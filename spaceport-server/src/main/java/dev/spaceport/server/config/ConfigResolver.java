package dev.spaceport.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spaceport.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves the server's settings from four layers, highest first: command-line flags, environment
 * variables, the configuration file, defaults. The file is {@code --config <file>} (or
 * {@code SPACEPORT_CONFIG}), else {@code <data-dir>/spaceport.yaml} when it exists, where the data
 * dir is the one flags, environment or default name. It is flat YAML with the flag names as keys:
 *
 * <pre>
 * host: 0.0.0.0
 * port: 8080
 * database-url: jdbc:postgresql://db.internal/spaceport
 * shutdown-timeout: 20s
 * log-format: json
 * </pre>
 *
 * <p>Pure: it reads only the maps and the file it is given, so it is testable without a process.
 */
public final class ConfigResolver {

  /** The configuration file looked for in the data dir. */
  public static final String FILE_NAME = "spaceport.yaml";
  /** The environment variable naming the configuration file. */
  public static final String CONFIG_ENV = "SPACEPORT_CONFIG";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigResolver() {}

  /** Where a setting's value came from. */
  public enum Source { FLAG, ENV, FILE, DEFAULT }

  /** Every setting, in the order {@code --print-config} shows them. */
  public enum Key {
    HOST("host", "SPACEPORT_HOST", false),
    PORT("port", "SPACEPORT_PORT", false),
    DATA_DIR("data-dir", "SPACEPORT_DATA_DIR", false),
    DATABASE_URL("database-url", "SPACEPORT_DATABASE_URL", false),
    DATABASE_USER("database-user", "SPACEPORT_DATABASE_USER", false),
    DATABASE_PASSWORD("database-password", "SPACEPORT_DATABASE_PASSWORD", true),
    ADMIN_API_KEY("admin-api-key", "SPACEPORT_ADMIN_API_KEY", true),
    RATE_LIMIT("rate-limit", "SPACEPORT_RATE_LIMIT", false),
    MAX_CONCURRENT_REQUESTS_PER_KEY("max-concurrent-requests-per-key",
        "SPACEPORT_MAX_CONCURRENT_REQUESTS_PER_KEY", false),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "SPACEPORT_SHUTDOWN_TIMEOUT", false),
    LOG_FORMAT("log-format", "SPACEPORT_LOG_FORMAT", false);

    /** The flag without its dashes ({@code --port} → {@code port}); also the file's key. */
    public final String flag;
    public final String env;
    public final boolean secret;

    Key(String flag, String env, boolean secret) {
      this.flag = flag;
      this.env = env;
      this.secret = secret;
    }

    static Key byName(String name) {
      String normal = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (Key key : values()) {
        if (key.flag.equals(normal)) {
          return key;
        }
      }
      return null;
    }
  }

  /**
   * One resolved setting.
   *
   * @param value the raw value, or null when unset (no default)
   * @param origin where exactly: {@code --port}, {@code SPACEPORT_PORT}, the file's path, or
   *     {@code default}
   */
  public record Setting(Key key, String value, Source source, String origin) {}

  /** Resolves with the default data dir {@code ~/.spaceport}. */
  public static EffectiveConfig resolve(Map<String, String> flags, Map<String, String> env,
      Path configFile) {
    return resolve(flags, env, configFile, ServerConfig.defaultDataDir());
  }

  /**
   * @param flags the flags given on the command line, keyed by flag name without dashes
   *     ({@code "port" → "8081"}); a flag that was not given is absent (or null)
   * @param env the process environment ({@code System.getenv()})
   * @param configFile {@code --config}, or null to use {@code SPACEPORT_CONFIG} or
   *     {@code <data-dir>/spaceport.yaml} if it exists; an explicitly named file must exist
   * @param defaultDataDir the data dir when no layer names one
   * @throws ConfigException naming the setting and where its bad value came from
   */
  public static EffectiveConfig resolve(Map<String, String> flags, Map<String, String> env,
      Path configFile, Path defaultDataDir) {
    for (String name : flags.keySet()) {
      if (Key.byName(name) == null) {
        throw new ConfigException("unknown setting '" + name + "'");
      }
    }
    Path file = configFile;
    if (file == null && !blank(env.get(CONFIG_ENV))) {
      file = Path.of(env.get(CONFIG_ENV).trim());
    }
    boolean explicit = file != null;
    if (file == null) {
      // The data dir that names the file can come only from the layers above the file.
      String dir = firstNonBlank(flag(flags, Key.DATA_DIR), env.get(Key.DATA_DIR.env));
      file = expandHome(dir == null ? defaultDataDir.toString() : dir).resolve(FILE_NAME);
    }
    Map<Key, String> fromFile = Map.of();
    Path usedFile = null;
    if (Files.isRegularFile(file)) {
      fromFile = readFile(file);
      usedFile = file;
    } else if (explicit) {
      throw new ConfigException("configuration file " + file + " does not exist");
    }
    Map<Key, Setting> settings = new LinkedHashMap<>();
    for (Key key : Key.values()) {
      String flag = flag(flags, key);
      String fromEnv = env.get(key.env);
      Setting setting;
      if (flag != null) {
        setting = new Setting(key, flag, Source.FLAG, "--" + key.flag);
      } else if (!blank(fromEnv)) {
        setting = new Setting(key, fromEnv, Source.ENV, key.env);
      } else if (fromFile.containsKey(key)) {
        setting = new Setting(key, fromFile.get(key), Source.FILE, usedFile.toString());
      } else {
        setting = new Setting(key, defaultValue(key, defaultDataDir), Source.DEFAULT, "default");
      }
      settings.put(key, setting);
    }
    return new EffectiveConfig(settings, usedFile);
  }

  private static String defaultValue(Key key, Path defaultDataDir) {
    return switch (key) {
      case HOST -> ServerConfig.DEFAULT_HOST;
      case PORT -> Integer.toString(ServerConfig.DEFAULT_PORT);
      case DATA_DIR -> defaultDataDir.toString();
      case RATE_LIMIT -> Integer.toString(ServerConfig.DEFAULT_RATE_LIMIT);
      case MAX_CONCURRENT_REQUESTS_PER_KEY ->
          Integer.toString(ServerConfig.DEFAULT_MAX_CONCURRENT_REQUESTS_PER_KEY);
      case SHUTDOWN_TIMEOUT -> ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds() + "s";
      case LOG_FORMAT -> "json";
      default -> null;
    };
  }

  private static Map<Key, String> readFile(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return Map.of();
    }
    if (!root.isObject()) {
      throw new ConfigException(file + " must be a mapping of settings (e.g. 'port: 8080')");
    }
    Map<Key, String> values = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      Key key = Key.byName(field.getKey());
      if (key == null) {
        List<String> known = new ArrayList<>();
        for (Key k : Key.values()) {
          known.add(k.flag);
        }
        throw new ConfigException(file + ": unknown setting '" + field.getKey()
            + "' (known: " + String.join(", ", known) + ")");
      }
      JsonNode value = field.getValue();
      if (!value.isValueNode()) {
        throw new ConfigException(file + ": '" + field.getKey() + "' must be a single value");
      }
      if (!value.isNull()) {
        values.put(key, value.asText());
      }
    }
    return values;
  }

  private static String flag(Map<String, String> flags, Key key) {
    for (Map.Entry<String, String> e : flags.entrySet()) {
      if (Key.byName(e.getKey()) == key && e.getValue() != null) {
        return e.getValue();
      }
    }
    return null;
  }

  static Path expandHome(String path) {
    String p = path.trim();
    if (p.equals("~") || p.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + p.substring(1));
    }
    return Path.of(p);
  }

  private static String firstNonBlank(String a, String b) {
    return !blank(a) ? a : !blank(b) ? b : null;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
