package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JSON and YAML are two spellings of the same data: every command that reads something prints,
 * in YAML, exactly the tree it prints in JSON (the API's own JSON), page lists and {@code --all}
 * alike.
 */
class OutputFormatsTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);

  @Test
  void everyReadingCommandPrintsTheSameTreeInJsonAndYaml() {
    String org = unique("org");
    String orgId = cli.run("orgs", "create", org, "--description", "Formats").ok().json()
        .get("id").asText();
    String space = unique("space");
    cli.run("spaces", "create", space, "--org", org).ok();
    String email = unique("fay") + "@example.com";
    cli.run("users", "create", email, "--name", "Fay").ok();
    cli.run("orgs", "add-user", org, email, "--role", "member").ok();
    cli.run("spaces", "add-user", space, email, "--role", "read-only").ok();
    String role = unique("viewer");
    cli.run("roles", "create", role, "--permission", "SPACE_READ").ok();
    String binding = cli.run("role-bindings", "create", "--role", role, "--user", email,
        "--space", space).ok().json().get("id").asText();
    cli.run("config", "set-profile", "formats", "--host", "127.0.0.1:" + server.port(),
        "--scheme", "http").ok();

    List<List<String>> commands = List.of(
        List.of("spaces", "list", "--org", org),
        List.of("spaces", "get", space),
        List.of("spaces", "members", space),
        List.of("orgs", "list", "--name", org),
        List.of("orgs", "get", org),
        List.of("users", "list", "--email", email),
        List.of("users", "get", email),
        List.of("roles", "list", "--custom", "--limit", "100"),
        List.of("roles", "get", role),
        List.of("role-bindings", "list", "--user", email),
        List.of("role-bindings", "get", binding),
        List.of("keys", "list"),
        List.of("audit", "list", "--resource-id", orgId),
        List.of("config", "show"),
        List.of("config", "list-profiles"));
    for (List<String> command : commands) {
      JsonNode json = run(command, "json").json();
      JsonNode yaml = run(command, "yaml").yaml();
      assertThat(yaml).as(String.join(" ", command)).isEqualTo(json);
      assertThat(json.isEmpty()).as(String.join(" ", command) + " printed something").isFalse();
    }

    // --all: JSON Lines, and one YAML sequence of the same objects
    List<String> all = List.of("spaces", "members", space, "--all", "--limit", "1");
    List<JsonNode> lines = run(all, "json").jsonLines();
    JsonNode sequence = run(all, "yaml").yaml();
    assertThat(sequence.isArray()).isTrue();
    List<JsonNode> items = new ArrayList<>();
    sequence.forEach(items::add);
    assertThat(items).isEqualTo(lines).hasSize(3);
  }

  private Cli.Result run(List<String> command, String format) {
    List<String> args = new ArrayList<>(command);
    args.add("-o");
    args.add(format);
    return cli.run(args.toArray(String[]::new)).ok();
  }
}
