package dev.spaceport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spaceport.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs CLI command lines in this JVM, as a user would type them, with captured stdout/stderr,
 * an injected environment and home directory (never the real ones), and optionally a pretend
 * terminal with typed input.
 */
final class Cli {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One run: exit code and what was printed. */
  record Result(int exit, String out, String err) {

    /** stdout as JSON (or YAML, which is read the same way). */
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
      }
    }

    JsonNode yaml() {
      try {
        return YAML.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not YAML: " + out + "\nstderr: " + err, e);
      }
    }

    /** stdout in the given format, as a tree. */
    JsonNode parsed(String format) {
      return format.equals("yaml") ? yaml() : json();
    }

    /** stdout as JSON Lines. */
    List<JsonNode> jsonLines() {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          try {
            nodes.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
          }
        }
      }
      return nodes;
    }

    Result expectExit(int expected) {
      if (exit != expected) {
        throw new AssertionError("expected exit " + expected + " but was " + exit
            + "\nstdout: " + out + "\nstderr: " + err);
      }
      return this;
    }

    Result ok() {
      return expectExit(0);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  private final Map<String, String> env;
  private final Path home;
  private boolean interactive;
  private String stdin = "";

  private Cli(Map<String, String> env, Path home) {
    this.env = env;
    this.home = home;
  }

  private static final List<Path> HOMES = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (HOMES) {
        HOMES.forEach(Cli::deleteTree);
      }
    }));
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /** A CLI whose home is a fresh temporary directory and whose environment is {@code env}. */
  static Cli withEnv(Map<String, String> env) {
    try {
      Path home = Files.createTempDirectory("spaceport-cli-home-");
      synchronized (HOMES) {
        HOMES.add(home);
      }
      Map<String, String> all = new HashMap<>(env);
      all.putIfAbsent("SPACEPORT_HOME", home.toString());
      return new Cli(all, Path.of(all.get("SPACEPORT_HOME")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CLI configured through ARIZE_* variables for {@code server}'s account admin. */
  static Cli admin(TestServer server) {
    return as(server, TestServer.ADMIN_KEY);
  }

  static Cli as(TestServer server, String apiKey) {
    return withEnv(Map.of("ARIZE_API_HOST", "127.0.0.1:" + server.port(),
        "ARIZE_API_SCHEME", "http", "ARIZE_API_KEY", apiKey));
  }

  Path home() {
    return home;
  }

  Map<String, String> env() {
    return env;
  }

  /** The same settings plus one more variable. */
  Cli with(String name, String value) {
    Map<String, String> all = new HashMap<>(env);
    all.put(name, value);
    Cli copy = new Cli(all, home);
    copy.interactive = interactive;
    copy.stdin = stdin;
    return copy;
  }

  Cli without(String name) {
    Map<String, String> all = new HashMap<>(env);
    all.remove(name);
    Cli copy = new Cli(all, home);
    copy.interactive = interactive;
    copy.stdin = stdin;
    return copy;
  }

  /** Pretends a person is at a terminal, who will type {@code input}. */
  Cli atTerminal(String input) {
    Cli copy = new Cli(env, home);
    copy.interactive = true;
    copy.stdin = input;
    return copy;
  }

  Cli withStdin(String input) {
    Cli copy = new Cli(env, home);
    copy.interactive = interactive;
    copy.stdin = input;
    return copy;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(env, home, new PrintWriter(out, true),
        new PrintWriter(err, true), new BufferedReader(new StringReader(stdin)), interactive);
    int exit = SpaceportCommand.execute(ctx, args);
    return new Result(exit, out.toString(), err.toString());
  }
}
