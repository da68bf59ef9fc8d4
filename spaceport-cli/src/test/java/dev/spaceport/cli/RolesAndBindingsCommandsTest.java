package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code spaceport roles …} and {@code spaceport role-bindings …} against a real server. */
class RolesAndBindingsCommandsTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void rolesCreateGetListUpdateDelete(String format) {
    String name = unique("reviewer");
    JsonNode role = cli.run("roles", "create", name, "--permission", "SPACE_READ,role_binding_read",
        "--description", "Reads", "-o", format).ok().parsed(format);
    assertThat(role.get("is_predefined").asBoolean()).isFalse();
    assertThat(role.get("permissions")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("SPACE_READ", "ROLE_BINDING_READ");
    String id = role.get("id").asText();

    assertThat(cli.run("roles", "get", name, "-o", format).ok().parsed(format).get("id").asText())
        .isEqualTo(id);
    assertThat(cli.run("roles", "list", "--custom", "--limit", "100", "-o", format).ok()
        .parsed(format)).extracting(r -> r.get("id").asText()).contains(id);
    assertThat(cli.run("roles", "list", "--custom", "--all").ok().jsonLines())
        .extracting(r -> r.get("id").asText()).contains(id);
    assertThat(cli.run("roles", "list", "--predefined").ok().json())
        .extracting(r -> r.get("name").asText())
        .containsExactlyInAnyOrder("admin", "member", "read-only", "annotator");

    JsonNode updated = cli.run("roles", "update", id, "-p", "SPACE_READ", "-p", "SPACE_UPDATE",
        "-o", format).ok().parsed(format);
    assertThat(updated.get("permissions")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("SPACE_READ", "SPACE_UPDATE");

    cli.run("roles", "delete", name, "-o", format).ok();
    cli.run("roles", "get", id).expectExit(ExitCodes.NOT_FOUND);
  }

  @Test
  void unknownPermissionsAndPredefinedRolesAreRefused() {
    Cli.Result bad = cli.run("roles", "create", unique("r"), "--permission", "SPACE_READ,FLY");
    bad.expectExit(ExitCodes.USAGE);
    assertThat(bad.err()).contains("FLY");
    cli.run("roles", "delete", "admin").expectExit(ExitCodes.PERMISSION);
    assertThat(cli.run("roles", "permissions").ok().out().lines()).hasSize(121)
        .contains("SPACE_READ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void bindingsCreateGetListUpdateDelete(String format) {
    String org = unique("org");
    cli.run("orgs", "create", org).ok();
    String space = unique("space");
    String spaceId = cli.run("spaces", "create", space, "--org", org).ok().json().get("id")
        .asText();
    String email = unique("carol") + "@example.com";
    String userId = cli.run("users", "create", email, "--name", "Carol").ok().json().get("id")
        .asText();
    cli.run("orgs", "add-user", org, email, "--role", "member").ok();
    String reader = unique("reader");
    String readerId = cli.run("roles", "create", reader, "-p", "SPACE_READ").ok().json()
        .get("id").asText();
    String auditor = unique("auditor");
    String auditorId = cli.run("roles", "create", auditor, "-p", "SPACE_READ,ROLE_BINDING_READ")
        .ok().json().get("id").asText();

    JsonNode binding = cli.run("role-bindings", "create", "--role", reader, "--user", email,
        "--space", space, "-o", format).ok().parsed(format);
    assertThat(binding.get("role_id").asText()).isEqualTo(readerId);
    assertThat(binding.get("user_id").asText()).isEqualTo(userId);
    assertThat(binding.get("resource_type").asText()).isEqualTo("SPACE");
    assertThat(binding.get("resource_id").asText()).isEqualTo(spaceId);
    String id = binding.get("id").asText();

    assertThat(cli.run("role-bindings", "get", id, "-o", format).ok().parsed(format))
        .isEqualTo(binding);
    assertThat(cli.run("role-bindings", "list", "--user", email, "-o", format).ok()
        .parsed(format)).extracting(b -> b.get("id").asText()).containsExactly(id);
    assertThat(cli.run("role-bindings", "list", "--user", userId, "--all").ok().jsonLines())
        .hasSize(1);
    cli.run("role-bindings", "create", "--role", reader, "--user", email, "--space", spaceId)
        .expectExit(ExitCodes.CONFLICT);

    JsonNode updated = cli.run("role-bindings", "update", id, "--role", auditor, "-o", format)
        .ok().parsed(format);
    assertThat(updated.get("role_id").asText()).isEqualTo(auditorId);
    cli.run("roles", "delete", auditor).expectExit(ExitCodes.CONFLICT);

    cli.run("role-bindings", "delete", id, "-o", format).ok();
    cli.run("role-bindings", "get", id).expectExit(ExitCodes.NOT_FOUND);
    cli.run("roles", "delete", auditor).ok();
  }
}
