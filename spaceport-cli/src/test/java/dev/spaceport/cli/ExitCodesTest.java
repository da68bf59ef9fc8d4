package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Every documented exit code, each with exactly one line on stderr. */
class ExitCodesTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);

  @Test
  void zeroOnSuccess() {
    Cli.Result r = cli.run("orgs", "create", unique("org"));
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void oneWhenTheServerRejectsTheRequest() {
    Cli.Result unprocessable = cli.run("users", "create", unique("u") + "@example.com",
        "--name", "U", "--invite-mode", "temporary_password");
    assertOneLine(unprocessable, ExitCodes.FAILURE);
    assertThat(unprocessable.err()).startsWith("Error: ");

    String org = unique("org");
    cli.run("orgs", "create", org).ok();
    Cli.Result badRequest = cli.run("spaces", "create", "x".repeat(256), "--org", org);
    assertOneLine(badRequest, ExitCodes.FAILURE);
    assertThat(badRequest.err()).contains("name");
  }

  @Test
  void twoForUsageErrors() {
    Cli.Result unknownOption = cli.run("spaces", "list", "--bogus");
    assertThat(unknownOption.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownOption.err()).startsWith("Error: Unknown option: '--bogus'")
        .contains("Try 'spaceport spaces list --help'");
    assertThat(cli.run("spaces", "create", "x").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("spaces", "list", "-o", "xml").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("spaces", "frobnicate").exit()).isEqualTo(ExitCodes.USAGE);
    Cli.Result badValue = cli.run("keys", "create", "k", "--expires-at", "someday");
    assertThat(badValue.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badValue.err().lines()).containsExactly("Error: Invalid value for option "
        + "'--expires-at': 'someday' is not a time: use RFC 3339 (2027-01-31T12:00:00Z), a date "
        + "(2027-01-31) or a duration from now (90d)",
        "Try 'spaceport keys create --help' for more information.");
  }

  @Test
  void twoForAnAmbiguousName() {
    String name = unique("twin");
    for (int i = 0; i < 2; i++) {
      String org = unique("org");
      cli.run("orgs", "create", org).ok();
      cli.run("spaces", "create", name, "--org", org).ok();
    }
    Cli.Result r = cli.run("spaces", "get", name);
    assertOneLine(r, ExitCodes.USAGE);
    assertThat(r.err()).contains("matches 2 spaces");
  }

  @Test
  void threeForNotFound() {
    Cli.Result r = cli.run("orgs", "get", unique("missing"));
    assertOneLine(r, ExitCodes.NOT_FOUND);
    assertThat(r.err()).startsWith("Error: Not Found: organization '");
    String org = unique("org");
    cli.run("orgs", "create", org).ok();
    String id = cli.run("spaces", "create", unique("gone"), "--org", org).ok().json().get("id")
        .asText();
    cli.run("spaces", "delete", id, "--yes").ok();
    assertOneLine(cli.run("spaces", "get", id), ExitCodes.NOT_FOUND);
  }

  @Test
  void fourForConflicts() {
    String org = unique("org");
    cli.run("orgs", "create", org).ok();
    assertOneLine(cli.run("orgs", "create", org), ExitCodes.CONFLICT);
  }

  @Test
  void fiveForAKeyThatIsNotAcceptedOrNotAllowed() {
    Cli.Result unauthorized = Cli.as(server, "not-a-real-key-0123456789").run("spaces", "list");
    assertOneLine(unauthorized, ExitCodes.PERMISSION);
    assertThat(unauthorized.err()).startsWith("Error: Unauthorized")
        .contains("from ARIZE_API_KEY");

    Fixtures.TestUser member = server.fixtures().user("member");
    Cli.Result forbidden = Cli.as(server, member.api().key()).run("orgs", "create",
        unique("org"));
    assertOneLine(forbidden, ExitCodes.PERMISSION);
    assertThat(forbidden.err()).startsWith("Error: Forbidden");
  }

  @Test
  void sixWhenTheServerCannotBeReached() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Cli.Result r = Cli.admin(server).with("ARIZE_API_HOST", "127.0.0.1:" + closed)
        .run("spaces", "list");
    assertOneLine(r, ExitCodes.UNREACHABLE);
    assertThat(r.err()).isEqualTo("Error: cannot reach http://127.0.0.1:" + closed
        + " (connection refused)\n");
  }

  static void assertOneLine(Cli.Result r, int exit) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
    assertThat(r.err().lines()).as(r.toString()).hasSize(1);
    assertThat(r.out()).as(r.toString()).isEmpty();
  }
}
