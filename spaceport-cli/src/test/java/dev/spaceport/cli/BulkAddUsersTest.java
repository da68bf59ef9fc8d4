package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spaceport spaces add-users SPACE --file members.csv}. */
class BulkAddUsersTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);
  private String org;
  private String space;

  @TempDir
  Path dir;

  @BeforeEach
  void world() {
    org = unique("org");
    cli.run("orgs", "create", org).ok();
    space = unique("space");
    cli.run("spaces", "create", space, "--org", org).ok();
  }

  private String member(String name) {
    String email = unique(name) + "@example.com";
    cli.run("users", "create", email, "--name", name).ok();
    cli.run("orgs", "add-user", org, email, "--role", "member").ok();
    return email;
  }

  @Test
  void everyRowGetsAResultAndFailedRowsDoNotStopTheOthers() throws IOException {
    String ada = member("ada");
    String bob = member("bob");
    String bobId = cli.run("users", "get", bob).ok().json().get("id").asText();
    String carol = member("carol");
    String role = unique("reviewer");
    cli.run("roles", "create", role, "-p", "SPACE_READ").ok();
    String outsider = unique("out") + "@example.com";
    cli.run("users", "create", outsider, "--name", "Out").ok();

    Path csv = dir.resolve("members.csv");
    Files.writeString(csv, String.join("\n",
        "user,role",
        ada + ",read-only",
        bobId + ",MEMBER",
        "\"" + carol + "\"," + role,
        "nobody-" + unique("x") + "@example.com,member",
        "# a comment",
        "",
        outsider + ",member",
        ada + ",read-only,extra",
        carol + ",no-such-role") + "\n");

    Cli.Result r = cli.run("spaces", "add-users", space, "--file", csv.toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILURE);
    List<JsonNode> rows = r.jsonLines();
    assertThat(rows).extracting(n -> n.get("line").asInt()).containsExactly(2, 3, 4, 5, 8, 9, 10);
    assertThat(rows).extracting(n -> n.get("ok").asBoolean())
        .containsExactly(true, true, true, false, false, false, false);
    assertThat(rows.get(0).at("/membership/role/name").asText()).isEqualTo("read-only");
    assertThat(rows.get(1).at("/membership/user_id").asText()).isEqualTo(bobId);
    assertThat(rows.get(2).at("/membership/role/type").asText()).isEqualTo("custom");
    assertThat(rows.get(3).get("exit_code").asInt()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(rows.get(3).get("error").asText()).startsWith("Not Found: user 'nobody-");
    assertThat(rows.get(4).get("exit_code").asInt()).isEqualTo(ExitCodes.FAILURE);
    assertThat(rows.get(5).get("error").asText()).contains("expected 2 columns");
    assertThat(rows.get(6).get("error").asText()).contains("role 'no-such-role' not found");
    assertThat(r.err()).isEqualTo("Added 3 of 7 users to space '" + space + "'; 4 failed.\n");

    JsonNode members = cli.run("spaces", "members", space).ok().json();
    assertThat(members).extracting(m -> m.at("/role/name").asText())
        .contains("read-only", "member", role);
  }

  @Test
  void allRowsSucceedingExitsZeroAndAHeaderIsOptional() throws IOException {
    String ada = member("ada");
    String bob = member("bob");
    Path csv = dir.resolve("members.csv");
    Files.writeString(csv, ada + ",admin\r\n" + bob + ",annotator-is-not-allowed\r\n"
        + bob + ",read-only\r\n");
    Cli.Result mixed = cli.run("spaces", "add-users", space, "-f", csv.toString(), "-o", "yaml");
    assertThat(mixed.exit()).isEqualTo(ExitCodes.FAILURE);
    assertThat(mixed.yaml()).hasSize(3);

    Files.writeString(csv, ada + ",member\n" + bob + ",member\n");
    Cli.Result ok = cli.run("spaces", "add-users", space, "--file", csv.toString());
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.jsonLines()).hasSize(2).allSatisfy(n ->
        assertThat(n.get("ok").asBoolean()).isTrue());
  }

  @Test
  void readsStandardInputAndPrintsResultLinesOnATerminal() {
    String ada = member("ada");
    Cli.Result r = cli.withStdin("email,role\n" + ada + ",member\nnobody@example.com,member\n")
        .run("spaces", "add-users", space, "--file", "-", "-o", "table");
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.out().lines()).containsExactly(
        "line 2: " + ada + " as member: ok",
        "line 3: nobody@example.com as member: failed: Not Found: user 'nobody@example.com' "
            + "not found");
  }

  @Test
  void aMissingFileOrSpaceFailsTheWholeCommand() throws IOException {
    cli.run("spaces", "add-users", space, "--file", dir.resolve("none.csv").toString())
        .expectExit(ExitCodes.USAGE);
    Path csv = dir.resolve("members.csv");
    Files.writeString(csv, "a@example.com,member\n");
    cli.run("spaces", "add-users", "no-such-space-" + unique("x"), "--file", csv.toString())
        .expectExit(ExitCodes.NOT_FOUND);
  }
}
