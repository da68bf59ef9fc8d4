package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code spaceport users …} against a real server. */
class UsersCommandsTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void createGetListUpdateDelete(String format) {
    String email = unique("ada") + "@example.com";
    JsonNode created = cli.run("users", "create", email, "--name", "Ada Lovelace", "--role",
        "member", "-o", format).ok().parsed(format);
    assertThat(created.get("email").asText()).isEqualTo(email);
    assertThat(created.get("status").asText()).isEqualTo("active");
    assertThat(created.get("invite_mode").asText()).isEqualTo("none");
    assertThat(created.get("is_developer").asBoolean()).isTrue();
    String id = created.get("id").asText();

    JsonNode byEmail = cli.run("users", "get", email.toUpperCase(), "-o", format).ok()
        .parsed(format);
    assertThat(byEmail.get("id").asText()).isEqualTo(id);
    assertThat(byEmail.has("invite_mode")).as("a User, not a UserCreated").isFalse();
    assertThat(cli.run("users", "list", "--email", email, "-o", format).ok().parsed(format))
        .extracting(u -> u.get("id").asText()).containsExactly(id);

    JsonNode updated = cli.run("users", "update", id, "--name", "Ada King", "--no-developer",
        "-o", format).ok().parsed(format);
    assertThat(updated.get("name").asText()).isEqualTo("Ada King");
    assertThat(updated.get("is_developer").asBoolean()).isFalse();

    Cli.Result deleted = cli.run("users", "delete", email, "--yes", "-o", format).ok();
    assertThat(deleted.out()).isEmpty();
    cli.run("users", "get", id).expectExit(ExitCodes.NOT_FOUND);
  }

  @Test
  void listAllAndStatusFilter() {
    cli.run("users", "create", unique("u") + "@example.com", "--name", "U").ok();
    JsonNode page = cli.run("users", "list", "--limit", "100").ok().json();
    assertThat(cli.run("users", "list", "--all", "--limit", "2").ok().jsonLines())
        .hasSizeGreaterThanOrEqualTo(page.size());
    assertThat(cli.run("users", "list", "--status", "active", "--all").ok().jsonLines())
        .allSatisfy(u -> assertThat(u.get("status").asText()).isEqualTo("active"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void createKeyMintsAKeyThatWorks(String format) {
    String email = unique("dev") + "@example.com";
    cli.run("users", "create", email, "--name", "Dev").ok();
    JsonNode key = cli.run("users", "create-key", email, "--name", "laptop", "--expires-at",
        "30d", "-o", format).ok().parsed(format);
    assertThat(key.get("key").asText()).isNotBlank();
    assertThat(key.get("name").asText()).isEqualTo("laptop");
    assertThat(key.has("expires_at")).isTrue();

    Cli asUser = Cli.as(server, key.get("key").asText());
    JsonNode keys = asUser.run("keys", "list").ok().json();
    assertThat(keys).extracting(k -> k.get("id").asText()).contains(key.get("id").asText());
  }

  @Test
  void constraintsAndBadInput() {
    String email = unique("dup") + "@example.com";
    cli.run("users", "create", email, "--name", "Dup").ok();
    cli.run("users", "create", email.toUpperCase(), "--name", "Dup").expectExit(
        ExitCodes.CONFLICT);
    Cli.Result mail = cli.run("users", "create", unique("m") + "@example.com", "--name", "M",
        "--invite-mode", "email_link");
    mail.expectExit(ExitCodes.FAILURE);
    assertThat(mail.err()).startsWith("Error: ");
    cli.run("users", "create", unique("r") + "@example.com", "--name", "R", "--role", "boss")
        .expectExit(ExitCodes.USAGE);
    cli.run("users", "get", "nobody-" + unique("x") + "@example.com")
        .expectExit(ExitCodes.NOT_FOUND);
    cli.run("users", "update", email).expectExit(ExitCodes.USAGE);
    cli.run("users", "create", "x@example.com").expectExit(ExitCodes.USAGE);
  }
}
