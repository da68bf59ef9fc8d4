package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code spaceport audit list} against a real server. */
class AuditCommandsTest {

  private final TestServer server = SharedServer.get();
  private final Cli cli = Cli.admin(server);

  @Test
  void aChangeMadeThroughTheCliIsListedAsJsonYamlAndTable() {
    String name = unique("org");
    String id = cli.run("orgs", "create", name, "-o", "json").ok().json().get("id").asText();
    cli.run("orgs", "update", name, "--description", "audited").ok();

    JsonNode records = cli.run("audit", "list", "--resource-type", "Organization",
        "--resource-id", id, "-o", "json").ok().json();
    assertThat(records.isArray()).isTrue();
    List<String> actions = records.findValuesAsText("action");
    assertThat(actions).containsExactly("organization.create", "organization.update");
    assertThat(records.get(0).get("resource_id").asText()).isEqualTo(id);

    JsonNode one = cli.run("audit", "list", "--resource-id", id, "--action",
        "organization.update", "--since", "2000-01-01", "-o", "yaml").ok().yaml();
    assertThat(one).hasSize(1);
    assertThat(one.get(0).get("after").get("description").asText()).isEqualTo("audited");

    String table = cli.run("audit", "list", "--resource-id", id, "-o", "table").ok().out();
    assertThat(table).contains("ACTION", "RESOURCE ID", "organization.create", id);

    List<JsonNode> all = cli.run("audit", "list", "--resource-id", id, "--limit", "1", "--all",
        "-o", "json").ok().jsonLines();
    assertThat(all).hasSize(2);
    Cli.Result first = cli.run("audit", "list", "--resource-id", id, "--limit", "1", "-o", "json")
        .ok();
    assertThat(first.err()).contains("--cursor");
  }

  @Test
  void exitCodesAsTheOtherCommands() {
    Fixtures.TestUser member = server.fixtures().user("member");
    Cli.as(server, member.api().key()).run("audit", "list").expectExit(ExitCodes.PERMISSION);
    Cli.Result badTime = cli.run("audit", "list", "--since", "yesterday");
    badTime.expectExit(ExitCodes.USAGE);
    assertThat(badTime.err()).contains("RFC 3339");
  }
}
