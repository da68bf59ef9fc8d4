package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code spaceport spaces …} against a real server, in JSON and YAML. */
class SpacesCommandsTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);
  private String org;

  @BeforeEach
  void organization() {
    org = unique("org");
    cli.run("orgs", "create", org).ok();
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void createGetUpdateAndDeleteBySpaceName(String format) {
    String name = unique("space");
    JsonNode created = cli.run("spaces", "create", name, "--org", org, "--description", "Live",
        "-o", format).ok().parsed(format);
    assertThat(fieldNames(created)).containsExactly("id", "name", "description", "created_at");
    assertThat(created.get("name").asText()).isEqualTo(name);
    assertThat(created.get("description").asText()).isEqualTo("Live");

    String id = created.get("id").asText();
    assertThat(cli.run("spaces", "get", name, "-o", format).ok().parsed(format))
        .isEqualTo(created);
    assertThat(cli.run("spaces", "get", id, "-o", format).ok().parsed(format))
        .isEqualTo(created);

    JsonNode updated = cli.run("spaces", "update", name, "--name", name + "-renamed",
        "--description", "", "-o", format).ok().parsed(format);
    assertThat(updated.get("id").asText()).isEqualTo(id);
    assertThat(updated.get("name").asText()).isEqualTo(name + "-renamed");
    assertThat(updated.get("description").asText()).isEmpty();

    Cli.Result deleted = cli.run("spaces", "delete", name + "-renamed", "--yes", "-o", format)
        .ok();
    assertThat(deleted.out()).as("JSON/YAML stay quiet on delete").isEmpty();
    cli.run("spaces", "get", id).expectExit(ExitCodes.NOT_FOUND);
  }

  @Test
  void jsonOutputIsExactlyTheApisOwnJson() {
    String name = unique("space");
    String id = cli.run("spaces", "create", name, "--org", org).ok().json().get("id").asText();
    Api api = server.admin();

    JsonNode viaApi = api.get("/v2/spaces/" + Api.seg(id)).expect(200).json();
    assertThat(cli.run("spaces", "get", id, "-o", "json").ok().json()).isEqualTo(viaApi);

    String orgId = cli.run("orgs", "get", org).ok().json().get("id").asText();
    JsonNode listViaApi = api.get("/v2/spaces?org_id=" + Api.seg(orgId)).expect(200).json()
        .get("spaces");
    assertThat(cli.run("spaces", "list", "--org", org, "-o", "json").ok().json())
        .isEqualTo(listViaApi);
  }

  @Test
  void listFiltersByOrganizationAndNameAndPagesWithCursors() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      names.add("prod-" + unique("s"));
      cli.run("spaces", "create", names.get(i), "--org", org).ok();
    }
    cli.run("spaces", "create", unique("staging"), "--org", org).ok();

    JsonNode all = cli.run("spaces", "list", "--org", org).ok().json();
    assertThat(all).hasSize(4);
    JsonNode prod = cli.run("spaces", "list", "--org", org, "--name", "PROD-").ok().json();
    assertThat(names(prod)).containsExactlyElementsOf(names);

    Cli.Result first = cli.run("spaces", "list", "--org", org, "--name", "prod-", "--limit", "2")
        .ok();
    assertThat(first.json()).hasSize(2);
    assertThat(first.err()).contains("--cursor ").contains("--all");
    String cursor = first.err().replaceAll("(?s).*--cursor (\\S+).*", "$1");
    JsonNode second = cli.run("spaces", "list", "--org", org, "--name", "prod-", "--limit", "2",
        "--cursor", cursor).ok().json();
    assertThat(names(second)).containsExactly(names.get(2));
  }

  @Test
  void exactListsOnlyTheSpacesNamedExactlySo() {
    String name = unique("prod");
    String other = unique("org");
    cli.run("orgs", "create", other).ok();
    String here = cli.run("spaces", "create", name, "--org", org).ok().json().get("id").asText();
    String there = cli.run("spaces", "create", name, "--org", other).ok().json().get("id")
        .asText();
    for (String near : List.of(name + "-2", "my-" + name, name.toUpperCase())) {
      cli.run("spaces", "create", near, "--org", org).ok();
    }

    JsonNode both = cli.run("spaces", "list", "--name", name, "--exact").ok().json();
    assertThat(both).extracting(n -> n.get("id").asText()).containsExactly(here, there);
    assertThat(both).allSatisfy(n ->
        assertThat(fieldNames(n)).containsExactly("id", "name", "description", "created_at"));
    assertThat(cli.run("spaces", "list", "--name", name, "--exact", "--org", other, "--all").ok()
        .jsonLines()).extracting(n -> n.get("id").asText()).containsExactly(there);
    assertThat(cli.run("spaces", "list", "--name", name, "--org", org).ok().json()).hasSize(4);
    assertThat(cli.run("spaces", "list", "--name", name.toUpperCase() + "x", "--exact").ok()
        .json()).isEmpty();
    cli.run("spaces", "list", "--exact").expectExit(ExitCodes.USAGE);
  }

  @Test
  void allFollowsEveryPageAsJsonLinesOrOneYamlSequence() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      names.add(unique("space"));
      cli.run("spaces", "create", names.get(i), "--org", org).ok();
    }
    List<JsonNode> lines = cli.run("spaces", "list", "--org", org, "--all", "--limit", "2")
        .ok().jsonLines();
    assertThat(lines).extracting(n -> n.get("name").asText()).containsExactlyElementsOf(names);
    assertThat(lines).allSatisfy(n ->
        assertThat(fieldNames(n)).containsExactly("id", "name", "description", "created_at"));

    // the SDK's own listAll (no --limit) gives the same walk
    assertThat(cli.run("spaces", "list", "--org", org, "--all").ok().jsonLines())
        .isEqualTo(lines);

    JsonNode yaml = cli.run("spaces", "list", "--org", org, "--all", "--limit", "2", "-o",
        "yaml").ok().yaml();
    assertThat(yaml.isArray()).isTrue();
    assertThat(names(yaml)).containsExactlyElementsOf(names);

    String empty = unique("org");
    cli.run("orgs", "create", empty).ok();
    assertThat(cli.run("spaces", "list", "--org", empty, "--all").ok().out()).isEmpty();
    assertThat(cli.run("spaces", "list", "--org", empty, "--all", "-o", "yaml").ok().yaml())
        .isEmpty();
    assertThat(cli.run("spaces", "list", "--org", empty).ok().json()).isEmpty();
  }

  @Test
  void allPrintsEachPageBeforeFetchingTheNext() {
    String orgId = cli.run("orgs", "get", org).ok().json().get("id").asText();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      names.add(unique("space"));
      cli.run("spaces", "create", names.get(i), "--org", org).ok();
    }
    // When the first line reaches stdout, a space is created; it sorts last, so it is listed
    // only if the later pages are fetched after that line was written: streaming, not
    // collecting every page first.
    String late = unique("late");
    StringWriter out = new StringWriter();
    Writer creatingOnFirstLine = new Writer() {
      private boolean created;

      @Override
      public void write(char[] chars, int offset, int length) {
        out.write(chars, offset, length);
        if (!created && out.toString().contains("\n")) {
          created = true;
          server.admin().post("/v2/spaces", Api.body("name", late, "organization_id", orgId))
              .expect(201);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    StringWriter err = new StringWriter();
    CliContext ctx = new CliContext(cli.env(), cli.home(), new PrintWriter(creatingOnFirstLine,
        true), new PrintWriter(err, true), new BufferedReader(new StringReader("")), false);
    int exit = SpaceportCommand.execute(ctx, "spaces", "list", "--org", org, "--all",
        "--limit", "1");
    assertThat(exit).as(err.toString()).isZero();
    Cli.Result result = new Cli.Result(exit, out.toString(), err.toString());
    List<String> expected = new ArrayList<>(names);
    expected.add(late);
    assertThat(result.jsonLines()).extracting(n -> n.get("name").asText())
        .containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void membersAddListAndRemove(String format) {
    String space = unique("space");
    cli.run("spaces", "create", space, "--org", org).ok();
    String email = unique("ada") + "@example.com";
    String userId = cli.run("users", "create", email, "--name", "Ada").ok().json().get("id")
        .asText();
    cli.run("orgs", "add-user", org, email, "--role", "member").ok();

    JsonNode membership = cli.run("spaces", "add-user", space, email, "--role", "read-only",
        "-o", format).ok().parsed(format);
    assertThat(membership.get("user_id").asText()).isEqualTo(userId);
    assertThat(membership.get("role")).isEqualTo(
        Cli.JSON.createObjectNode().put("type", "predefined").put("name", "read-only"));

    String role = unique("reviewer");
    cli.run("roles", "create", role, "--permission", "SPACE_READ").ok();
    JsonNode custom = cli.run("spaces", "add-user", space, userId, "--role", role, "-o", format)
        .ok().parsed(format);
    assertThat(custom.at("/role/type").asText()).isEqualTo("custom");
    assertThat(custom.at("/role/name").asText()).isEqualTo(role);

    JsonNode members = cli.run("spaces", "members", space, "-o", format).ok().parsed(format);
    assertThat(members).extracting(m -> m.get("user_id").asText()).contains(userId, userId);
    assertThat(members).extracting(m -> m.at("/role/type").asText())
        .contains("predefined", "custom");
    List<JsonNode> all = cli.run("spaces", "members", space, "--all", "--limit", "1").ok()
        .jsonLines();
    assertThat(all).hasSize(members.size());

    cli.run("spaces", "remove-user", space, email, "--yes", "-o", format).ok();
    JsonNode after = cli.run("spaces", "members", space).ok().json();
    assertThat(after).extracting(m -> m.get("user_id").asText()).doesNotContain(userId);
    cli.run("spaces", "remove-user", space, email, "--yes").expectExit(ExitCodes.NOT_FOUND);
  }

  @Test
  void addUserOutsideTheOrganizationIsRejectedWithTheProblemDetail() {
    String space = unique("space");
    cli.run("spaces", "create", space, "--org", org).ok();
    String email = unique("outsider") + "@example.com";
    cli.run("users", "create", email, "--name", "Out").ok();
    Cli.Result r = cli.run("spaces", "add-user", space, email, "--role", "member");
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err().lines()).singleElement().asString().startsWith("Error: ");
  }

  @Test
  void duplicatesConflictAndMissingSpacesAreNotFound() {
    String name = unique("space");
    cli.run("spaces", "create", name, "--org", org).ok();
    Cli.Result dup = cli.run("spaces", "create", name, "--org", org);
    dup.expectExit(ExitCodes.CONFLICT);
    assertThat(dup.err()).startsWith("Error: Conflict: ").contains(name);
    assertThat(dup.err().lines()).hasSize(1);
    assertThat(dup.out()).isEmpty();

    Cli.Result missing = cli.run("spaces", "get", "no-such-space-" + unique("x"));
    missing.expectExit(ExitCodes.NOT_FOUND);
    assertThat(missing.err()).startsWith("Error: Not Found: space 'no-such-space-");
    cli.run("spaces", "create", unique("s"), "--org", "no-such-org").expectExit(
        ExitCodes.NOT_FOUND);
    cli.run("spaces", "update", name).expectExit(ExitCodes.USAGE);
    cli.run("spaces", "add-user", name, "not-an-email-or-id", "--role", "member")
        .expectExit(ExitCodes.USAGE);
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.get("name").asText()));
    return names;
  }
}
