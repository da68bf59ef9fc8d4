package dev.spaceport.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the CLI takes from the process it runs in: environment, home directory, standard
 * streams and whether a person is at a terminal. {@link #system()} reads the real process; tests
 * build their own, so no command reads {@code System.getenv()} or {@code System.in} directly.
 *
 * @param env the environment variables
 * @param home the Spaceport home directory: config file, and the default data dir of a local
 *     server ({@code SPACEPORT_HOME}, else {@code ~/.spaceport})
 * @param interactive true when a person is at a terminal (stdin and stdout): tables by default,
 *     confirmation prompts, progress bars
 */
public record CliContext(Map<String, String> env, Path home, PrintWriter out, PrintWriter err,
    BufferedReader in, boolean interactive) {

  public CliContext {
    env = Map.copyOf(env);
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(in, "in");
  }

  /** The real process: its environment, {@code System.out/err/in} and {@code System.console()}. */
  public static CliContext system() {
    Map<String, String> env = System.getenv();
    Charset charset = Charset.defaultCharset();
    return new CliContext(env, homeFrom(env),
        new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true),
        new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true),
        new BufferedReader(new InputStreamReader(System.in, charset)),
        System.console() != null);
  }

  /**
   * The Spaceport home: system property {@code spaceport.home}, else {@code SPACEPORT_HOME}, else
   * {@code .spaceport} under the user's home directory ({@code user.home}).
   */
  public static Path homeFrom(Map<String, String> env) {
    String property = System.getProperty("spaceport.home");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String variable = env.get("SPACEPORT_HOME");
    if (variable != null && !variable.isBlank()) {
      return Path.of(variable);
    }
    return Path.of(System.getProperty("user.home"), ".spaceport");
  }

  /** A variable's value, trimmed; null when unset or blank. */
  public String envValue(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Where a local {@code spaceport serve} keeps its files: {@code SPACEPORT_DATA_DIR}, else home. */
  public Path dataDir() {
    String dir = envValue("SPACEPORT_DATA_DIR");
    return dir != null ? Path.of(dir) : home;
  }

  /** The profiles file: {@code SPACEPORT_CONFIG}, else {@code <home>/config}. */
  public Path configFile() {
    String file = envValue("SPACEPORT_CONFIG");
    return file != null ? Path.of(file) : home.resolve("config");
  }

  /** Reads one line typed by the person at the terminal; null at end of input. */
  public String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
