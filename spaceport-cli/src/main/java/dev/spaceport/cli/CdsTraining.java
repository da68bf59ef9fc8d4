package dev.spaceport.cli;

import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run for the launcher's class-data-sharing archive: {@code ./spaceport} runs this
 * once with {@code -XX:ArchiveClassesAtExit} so that later starts map the classes the CLI uses,
 * already parsed and verified, instead of loading them from the jar.
 *
 * <p>It starts a throw-away server in this JVM, points a fresh Spaceport home at it as
 * {@code spaceport serve} would, and runs typical commands in every output format against it, so
 * the archive holds the classes of real requests, responses, tables, JSON and YAML, errors and
 * help. Nothing outside a temporary directory is touched.
 */
public final class CdsTraining {

  private static final String KEY = "cds-training-admin-key-0123456789";

  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    SpaceportCommand.quietLogging();
    Path dir = Files.createTempDirectory("spaceport-cds-");
    try {
      Path home = dir.resolve("home");
      try (SpaceportServer server = SpaceportServer.start(
          ServerConfig.embedded(dir.resolve("data"), 0, KEY))) {
        LocalServer.forBind("127.0.0.1", server.port()).write(home);
        Files.writeString(home.resolve(LocalServer.KEY_FILE), KEY + "\n");
        for (List<String> command : COMMANDS) {
          run(home, command);
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static final List<List<String>> COMMANDS = List.of(
      List.of("--version"),
      List.of("--help"),
      List.of("spaces", "--help"),
      List.of("spaces", "list", "--help"),
      List.of("orgs", "create", "cds-org", "--description", "training"),
      List.of("orgs", "list"),
      List.of("orgs", "get", "cds-org", "-o", "yaml"),
      List.of("spaces", "create", "cds-space", "--org", "cds-org"),
      List.of("spaces", "list"),
      List.of("spaces", "list", "-o", "table"),
      List.of("spaces", "list", "-o", "yaml"),
      List.of("spaces", "list", "--all", "--limit", "1"),
      List.of("spaces", "list", "--all", "-o", "table"),
      List.of("spaces", "get", "cds-space", "-o", "table"),
      List.of("spaces", "get", "no-such-space"),
      List.of("users", "create", "cds@example.com", "--name", "CDS"),
      List.of("users", "list", "-o", "table"),
      List.of("orgs", "add-user", "cds-org", "cds@example.com", "--role", "member"),
      List.of("spaces", "add-user", "cds-space", "cds@example.com", "--role", "read-only"),
      List.of("spaces", "members", "cds-space", "-o", "table"),
      List.of("roles", "list"),
      List.of("role-bindings", "list"),
      List.of("keys", "list"),
      List.of("spaces", "update", "cds-space", "--description", "x"),
      List.of("spaces", "delete", "cds-space"),
      List.of("spaces", "delete", "cds-space", "--yes"),
      List.of("config", "show"),
      List.of("spaces", "list", "--profile", "none"));

  private static void run(Path home, List<String> command) {
    PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true,
        StandardCharsets.UTF_8);
    CliContext ctx = new CliContext(Map.of("SPACEPORT_HOME", home.toString()), home, sink, sink,
        new BufferedReader(new StringReader("")), false);
    try {
      SpaceportCommand.execute(ctx, command.toArray(String[]::new));
    } catch (RuntimeException e) {
      // a training run never fails the launcher
    }
  }
}
