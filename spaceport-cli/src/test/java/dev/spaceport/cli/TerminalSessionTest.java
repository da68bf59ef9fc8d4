package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a person sees it: a real JVM under a pseudo-terminal (util-linux {@code script}),
 * so {@code System.console()} is there: tables by default, a confirmation prompt answered by
 * typing, and a progress bar.
 */
class TerminalSessionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);

  @TempDir
  Path home;

  @BeforeAll
  static void needsScript() {
    assumeTrue(Subprocess.scriptAvailable(), "util-linux script is not installed");
  }

  private Subprocess spaceport(String... args) {
    return Subprocess.startInTerminal(Subprocess.javaCommand(List.of(), List.of(args)), Map.of(
        "SPACEPORT_HOME", home.toString(),
        "ARIZE_API_HOST", "127.0.0.1:" + server.port(),
        "ARIZE_API_SCHEME", "http",
        "ARIZE_API_KEY", TestServer.ADMIN_KEY,
        "COLUMNS", "100"));
  }

  @Test
  void listsAreTablesAndDeletingAsksFirst() throws Exception {
    String org = unique("org");
    cli.run("orgs", "create", org).ok();
    String keep = unique("keep");
    String doomed = unique("doomed");
    cli.run("spaces", "create", keep, "--org", org, "--description", "stays").ok();
    cli.run("spaces", "create", doomed, "--org", org).ok();

    try (Subprocess list = spaceport("spaces", "list", "--org", org)) {
      assertThat(list.waitFor(TIMEOUT)).as(list.output()).isZero();
      List<String> lines = list.output().lines().toList();
      assertThat(lines.get(0)).matches("ID +NAME +DESCRIPTION +CREATED");
      assertThat(lines).anySatisfy(l -> assertThat(l).contains(keep).contains("stays"));
      assertThat(lines).anySatisfy(l -> assertThat(l).contains(doomed));
    }

    try (Subprocess no = spaceport("spaces", "delete", doomed)) {
      no.awaitOutput("Continue? [y/N] ", TIMEOUT);
      assertThat(no.output()).contains("This will permanently delete space '" + doomed + "'");
      no.type("n\n");
      assertThat(no.waitFor(TIMEOUT)).as(no.output()).isEqualTo(ExitCodes.FAILURE);
      assertThat(no.output()).contains("Aborted; nothing was changed.");
    }
    cli.run("spaces", "get", doomed).ok();

    try (Subprocess yes = spaceport("spaces", "delete", doomed)) {
      yes.awaitOutput("Continue? [y/N] ", TIMEOUT);
      yes.type("y\n");
      assertThat(yes.waitFor(TIMEOUT)).as(yes.output()).isZero();
      assertThat(yes.output()).contains("Deleted space '" + doomed + "'.");
    }
    cli.run("spaces", "get", doomed).expectExit(ExitCodes.NOT_FOUND);
  }

  @Test
  void bulkAddShowsAProgressBarAndAResultPerRow() throws Exception {
    String org = unique("org");
    cli.run("orgs", "create", org).ok();
    String space = unique("space");
    cli.run("spaces", "create", space, "--org", org).ok();
    StringBuilder csv = new StringBuilder("user,role\n");
    for (int i = 0; i < 3; i++) {
      String email = unique("p" + i) + "@example.com";
      cli.run("users", "create", email, "--name", "P" + i).ok();
      cli.run("orgs", "add-user", org, email, "--role", "member").ok();
      csv.append(email).append(",read-only\n");
    }
    csv.append("ghost@example.com,member\n");
    Path file = home.resolve("members.csv");
    Files.writeString(file, csv);

    try (Subprocess bulk = spaceport("spaces", "add-users", space, "--file", file.toString())) {
      assertThat(bulk.waitFor(TIMEOUT)).as(bulk.output()).isEqualTo(ExitCodes.FAILURE);
      String out = bulk.output();
      assertThat(out).contains("Adding users").contains("4/4");
      assertThat(out).contains("line 2: ").contains(": ok")
          .contains("line 5: ghost@example.com as member: failed: Not Found");
      assertThat(out).contains("Added 3 of 4 users to space '" + space + "'; 1 failed.");
    }
  }
}
