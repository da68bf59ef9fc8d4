package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The destructive commands (spaces delete and remove-user, orgs delete and remove-user, users
 * delete) say what they will remove and ask on a terminal; --yes skips the question; with no
 * terminal and no --yes they refuse with exit 2 and change nothing.
 */
class ConfirmationTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);
  private String org;
  private String space;
  private String email;

  @BeforeEach
  void world() {
    org = unique("org");
    cli.run("orgs", "create", org).ok();
    space = unique("space");
    cli.run("spaces", "create", space, "--org", org).ok();
    email = unique("eve") + "@example.com";
    cli.run("users", "create", email, "--name", "Eve").ok();
    cli.run("orgs", "add-user", org, email, "--role", "member").ok();
    cli.run("spaces", "add-user", space, email, "--role", "member").ok();
  }

  private List<List<String>> destructive() {
    return List.of(List.of("spaces", "delete", space), List.of("spaces", "remove-user", space,
        email), List.of("orgs", "delete", org), List.of("orgs", "remove-user", org, email),
        List.of("users", "delete", email));
  }

  @Test
  void withoutATerminalAndWithoutYesTheyRefuseAndChangeNothing() {
    for (List<String> command : destructive()) {
      Cli.Result r = cli.run(command.toArray(String[]::new));
      assertThat(r.exit()).as(command + ": " + r).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).as(command.toString()).startsWith("Error: refusing to ")
          .contains("without confirmation").contains("--yes");
      assertThat(r.err().lines()).hasSize(1);
    }
    assertUntouched();
  }

  @Test
  void atATerminalTheySayWhatGoesAndAnsweringNoChangesNothing() {
    for (String answer : List.of("n\n", "\n", "", "maybe\n")) {
      for (List<String> command : destructive()) {
        Cli.Result r = cli.atTerminal(answer).run(command.toArray(String[]::new));
        assertThat(r.exit()).as(command + ": " + r).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith("This will ").contains("Continue? [y/N] ")
            .endsWith("Aborted; nothing was changed.\n");
      }
    }
    assertUntouched();
    Cli.Result space = cli.atTerminal("n\n").run("spaces", "delete", this.space);
    assertThat(space.err()).contains("permanently delete space '" + this.space + "'")
        .contains("memberships, role bindings and service keys");
    Cli.Result organization = cli.atTerminal("n\n").run("orgs", "delete", org);
    assertThat(organization.err()).contains("organization '" + org + "'")
        .contains("'" + this.space + "'");
    Cli.Result member = cli.atTerminal("n\n").run("orgs", "remove-user", org, email);
    assertThat(member.err()).contains("remove user " + email + " from organization '" + org + "'")
        .contains("from every space in it");
    Cli.Result user = cli.atTerminal("n\n").run("users", "delete", email);
    assertThat(user.err()).contains("<" + email + ">").contains("API keys are revoked");
  }

  @Test
  void answeringYesAtATerminalGoesAhead() {
    Cli.Result removed = cli.atTerminal("y\n").run("spaces", "remove-user", space, email);
    assertThat(removed.exit()).as(removed.toString()).isZero();
    assertThat(removed.out()).contains("Removed " + email);
    Cli.Result deleted = cli.atTerminal("YES\n").run("spaces", "delete", space);
    assertThat(deleted.exit()).isZero();
    assertThat(deleted.out()).isEqualTo("Deleted space '" + space + "'.\n");
    cli.run("spaces", "get", space).expectExit(ExitCodes.NOT_FOUND);
    String other = unique("space");
    cli.run("spaces", "create", other, "--org", org).ok();
    cli.run("spaces", "add-user", other, email, "--role", "member").ok();
    Cli.Result left = cli.atTerminal("y\n").run("orgs", "remove-user", org, email);
    assertThat(left.exit()).as(left.toString()).isZero();
    assertThat(left.out()).isEqualTo("Removed " + email + " from organization '" + org + "'.\n");
    assertThat(cli.run("spaces", "members", other).ok().json())
        .as("leaving the organization leaves its spaces").hasSize(1);
    cli.atTerminal("y\n").run("users", "delete", email).ok();
    cli.atTerminal("y\n").run("orgs", "delete", org).ok();
    cli.run("orgs", "get", org).expectExit(ExitCodes.NOT_FOUND);
  }

  @Test
  void yesSkipsTheQuestionEvenAtATerminal() {
    Cli.Result r = cli.atTerminal("").run("spaces", "delete", space, "--yes");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    cli.run("orgs", "remove-user", org, email, "--yes").ok();
    cli.run("users", "delete", email, "-y").ok();
    cli.run("orgs", "delete", org, "--yes").ok();
  }

  private void assertUntouched() {
    cli.run("orgs", "get", org).ok();
    cli.run("spaces", "get", space).ok();
    cli.run("users", "get", email).ok();
    assertThat(cli.run("spaces", "members", space).ok().json()).hasSize(2);
  }
}
