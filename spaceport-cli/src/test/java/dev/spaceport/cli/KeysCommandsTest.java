package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code spaceport keys …}: the caller's own keys, as a fresh user so the list is theirs. */
class KeysCommandsTest {

  private final TestServer server = SharedServer.get();

  @ParameterizedTest
  @ValueSource(strings = {"json", "yaml"})
  void createListRefreshDelete(String format) {
    Fixtures.TestUser user = server.fixtures().user("member");
    Cli cli = Cli.as(server, user.api().key());

    JsonNode created = cli.run("keys", "create", unique("laptop"), "--description", "mine",
        "--expires-at", "2099-01-31", "-o", format).ok().parsed(format);
    String id = created.get("id").asText();
    String secret = created.get("key").asText();
    assertThat(created.get("expires_at").asText()).startsWith("2099-01-31T00:00:00");
    Cli.as(server, secret).run("spaces", "list").ok();

    JsonNode list = cli.run("keys", "list", "-o", format).ok().parsed(format);
    assertThat(list).extracting(k -> k.get("id").asText()).contains(id);
    assertThat(list).allSatisfy(k -> assertThat(k.has("key")).as("no secrets in lists").isFalse());
    assertThat(cli.run("keys", "list", "--status", "active", "--all").ok().jsonLines())
        .extracting(k -> k.get("id").asText()).contains(id);

    JsonNode refreshed = cli.run("keys", "refresh", id, "--grace-period", "0s", "-o", format)
        .ok().parsed(format);
    assertThat(refreshed.get("id").asText()).isEqualTo(id);
    String newSecret = refreshed.get("key").asText();
    assertThat(newSecret).isNotEqualTo(secret);
    Cli.as(server, newSecret).run("spaces", "list").ok();

    Cli.as(server, newSecret).run("api-keys", "delete", id, "-o", format).ok();
    Cli.as(server, newSecret).run("spaces", "list").expectExit(ExitCodes.PERMISSION);
    cli.run("keys", "refresh", id, "--grace-period", "soon").expectExit(ExitCodes.USAGE);
  }
}
