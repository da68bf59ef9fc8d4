package dev.spaceport.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named connection profiles in {@code <home>/config}, an INI file (mode 0600: it holds keys):
 *
 * <pre>
 * [default]
 * host = 127.0.0.1:8080
 * scheme = http
 * api_key = spk_…
 * </pre>
 *
 * The profile named {@value #DEFAULT} is used when no {@code --profile} is given.
 */
final class Profiles {

  static final String DEFAULT = "default";

  /** One profile; any field may be null. */
  record Profile(String name, String host, String scheme, String apiKey) {

    Profile merge(String newHost, String newScheme, String newApiKey) {
      return new Profile(name, newHost != null ? newHost : host,
          newScheme != null ? newScheme : scheme, newApiKey != null ? newApiKey : apiKey);
    }
  }

  private final Path file;
  private final Map<String, Profile> profiles;

  private Profiles(Path file, Map<String, Profile> profiles) {
    this.file = file;
    this.profiles = profiles;
  }

  static Profiles load(Path file) {
    Map<String, Profile> profiles = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return new Profiles(file, profiles);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String section = null;
    Map<String, String> values = new LinkedHashMap<>();
    int number = 0;
    for (String raw : lines) {
      number++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        if (section != null) {
          profiles.put(section, profile(section, values));
        }
        section = line.substring(1, line.length() - 1).strip();
        values = new LinkedHashMap<>();
        continue;
      }
      int eq = line.indexOf('=');
      if (section == null || eq < 0) {
        throw new UsageException(file + " line " + number
            + ": expected '[profile]' or 'key = value', found '" + line + "'");
      }
      values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    if (section != null) {
      profiles.put(section, profile(section, values));
    }
    return new Profiles(file, profiles);
  }

  private static Profile profile(String name, Map<String, String> values) {
    return new Profile(name, blankToNull(values.get("host")), blankToNull(values.get("scheme")),
        blankToNull(values.get("api_key")));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  Path file() {
    return file;
  }

  Profile get(String name) {
    return profiles.get(name);
  }

  List<Profile> all() {
    return new ArrayList<>(profiles.values());
  }

  void put(Profile profile) {
    profiles.put(profile.name(), profile);
  }

  boolean remove(String name) {
    return profiles.remove(name) != null;
  }

  /** Writes the file atomically, readable by its owner only. */
  void save() {
    StringBuilder text = new StringBuilder(
        "# Spaceport CLI profiles; edit with `spaceport config set-profile`.\n");
    for (Profile p : profiles.values()) {
      text.append('\n').append('[').append(p.name()).append("]\n");
      append(text, "host", p.host());
      append(text, "scheme", p.scheme());
      append(text, "api_key", p.apiKey());
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".config", ".tmp");
      try {
        restrict(tmp);
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void restrict(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: leave the platform's default
    }
  }

  private static void append(StringBuilder text, String key, String value) {
    if (value != null) {
      text.append(key).append(" = ").append(value).append('\n');
    }
  }

  /** A key as it may be shown: its first 4 and last 4 characters. */
  static String redact(String key) {
    if (key == null) {
      return null;
    }
    return key.length() <= 12 ? "****" : key.substring(0, 4) + "…" + key.substring(key.length() - 4);
  }
}
