package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static dev.spaceport.cli.SpacesCommandsTest.fieldNames;
import static dev.spaceport.cli.SpacesCommandsTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code spaceport orgs …} against a real server. */
class OrganizationsCommandsTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void createGetListUpdateDelete(String format) {
    String name = unique("org");
    JsonNode created = cli.run("orgs", "create", name, "--description", "Acme", "-o", format)
        .ok().parsed(format);
    assertThat(fieldNames(created)).containsExactly("id", "name", "description", "created_at");
    String id = created.get("id").asText();

    assertThat(cli.run("orgs", "get", name, "-o", format).ok().parsed(format)).isEqualTo(created);
    assertThat(cli.run("organizations", "get", id, "-o", format).ok().parsed(format))
        .isEqualTo(created);
    assertThat(names(cli.run("orgs", "list", "--name", name, "-o", format).ok().parsed(format)))
        .containsExactly(name);

    JsonNode updated = cli.run("orgs", "update", name, "--description", "Acme Inc.", "-o",
        format).ok().parsed(format);
    assertThat(updated.get("description").asText()).isEqualTo("Acme Inc.");

    cli.run("spaces", "create", unique("space"), "--org", id).ok();
    cli.run("orgs", "delete", name, "--yes", "-o", format).ok();
    cli.run("orgs", "get", id).expectExit(ExitCodes.NOT_FOUND);
    assertThat(cli.run("orgs", "list", "--name", name).ok().json()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void addAndRemoveUsers(String format) {
    String org = unique("org");
    cli.run("orgs", "create", org).ok();
    String space = unique("space");
    cli.run("spaces", "create", space, "--org", org).ok();
    String email = unique("bob") + "@example.com";
    String userId = cli.run("users", "create", email, "--name", "Bob").ok().json().get("id")
        .asText();

    JsonNode membership = cli.run("orgs", "add-user", org, email, "--role", "member", "-o",
        format).ok().parsed(format);
    assertThat(fieldNames(membership)).containsExactly("id", "user_id", "organization_id",
        "role");
    assertThat(membership.get("user_id").asText()).isEqualTo(userId);
    assertThat(membership.at("/role/name").asText()).isEqualTo("member");
    JsonNode upgraded = cli.run("orgs", "add-user", org, userId, "--role", "ADMIN", "-o", format)
        .ok().parsed(format);
    assertThat(upgraded.at("/role/name").asText()).isEqualTo("admin");

    cli.run("spaces", "add-user", space, email, "--role", "member").ok();
    cli.run("orgs", "remove-user", org, email, "--yes", "-o", format).ok();
    assertThat(cli.run("spaces", "members", space).ok().json())
        .extracting(m -> m.get("user_id").asText()).doesNotContain(userId);
    cli.run("orgs", "add-user", org, email, "--role", "owner").expectExit(ExitCodes.USAGE);
  }

  @Test
  void listAllStreamsEveryOrganization() {
    String prefix = unique("multi");
    for (int i = 0; i < 3; i++) {
      cli.run("orgs", "create", prefix + "-" + i).ok();
    }
    assertThat(cli.run("orgs", "list", "--name", prefix, "--all", "--limit", "1").ok()
        .jsonLines()).extracting(n -> n.get("name").asText())
        .containsExactly(prefix + "-0", prefix + "-1", prefix + "-2");
    assertThat(cli.run("orgs", "list", "--name", prefix, "--all").ok().jsonLines()).hasSize(3);
  }

  @Test
  void duplicateNameIsAConflict() {
    String name = unique("org");
    cli.run("orgs", "create", name).ok();
    Cli.Result dup = cli.run("orgs", "create", name);
    dup.expectExit(ExitCodes.CONFLICT);
    assertThat(dup.err()).startsWith("Error: Conflict");
    cli.run("orgs", "update", name).expectExit(ExitCodes.USAGE);
  }
}
