package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables are the default at a terminal; JSON is the default otherwise. */
class TableOutputTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);

  @Test
  void atATerminalListsAreAlignedTablesAndObjectsAreFieldLists() {
    String org = unique("org");
    cli.run("orgs", "create", org).ok();
    String a = unique("alpha");
    String b = unique("b");
    cli.run("spaces", "create", a, "--org", org, "--description", "First one").ok();
    cli.run("spaces", "create", b, "--org", org).ok();
    Cli terminal = cli.atTerminal("");

    List<String> lines = terminal.run("spaces", "list", "--org", org).ok().out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("ID +NAME +DESCRIPTION +CREATED");
    int nameColumn = lines.get(0).indexOf("NAME");
    assertThat(lines.get(1).substring(nameColumn)).startsWith(a + " ");
    assertThat(lines.get(2).substring(nameColumn)).startsWith(b);
    assertThat(lines.get(1)).contains("First one");

    List<String> all = terminal.run("spaces", "list", "--org", org, "--all", "--limit", "1").ok()
        .out().lines().toList();
    assertThat(all).hasSize(3);
    assertThat(all.get(0)).startsWith("ID ");

    String get = terminal.run("spaces", "get", a).ok().out();
    assertThat(get).containsPattern("(?m)^id +\\S+$").containsPattern("(?m)^name +" + a + "$")
        .containsPattern("(?m)^description +First one$");

    String empty = unique("org");
    cli.run("orgs", "create", empty).ok();
    assertThat(terminal.run("spaces", "list", "--org", empty).ok().out()).isEqualTo("No spaces.\n");

    // not at a terminal: JSON, unless asked
    assertThat(cli.run("spaces", "list", "--org", org).ok().json().isArray()).isTrue();
    assertThat(cli.run("spaces", "list", "--org", org, "-o", "table").ok().out())
        .startsWith("ID ");
  }

  @Test
  void rolesInTablesReadAsPeopleSayThem() {
    String org = unique("org");
    cli.run("orgs", "create", org).ok();
    String space = unique("space");
    cli.run("spaces", "create", space, "--org", org).ok();
    String email = unique("dan") + "@example.com";
    cli.run("users", "create", email, "--name", "Dan").ok();
    cli.run("orgs", "add-user", org, email, "--role", "member").ok();
    cli.run("spaces", "add-user", space, email, "--role", "read-only").ok();
    String role = unique("reviewer");
    cli.run("roles", "create", role, "-p", "SPACE_READ").ok();
    cli.run("spaces", "add-user", space, email, "--role", role).ok();

    String table = cli.run("spaces", "members", space, "-o", "table").ok().out();
    assertThat(table).contains("USER ID", "ROLE", "read-only", "custom " + role + " (");
    String users = cli.run("users", "list", "--email", email, "-o", "table").ok().out();
    assertThat(users).contains("EMAIL", email, "member", "active", "yes");
  }
}
