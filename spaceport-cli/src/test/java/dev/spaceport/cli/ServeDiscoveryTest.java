package dev.spaceport.cli;

import static dev.spaceport.cli.SharedServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `spaceport serve` (a real process) tells the CLI where it is: with no configuration at all,
 * client commands on the same machine use it and its admin key; when it stops, it says so.
 */
class ServeDiscoveryTest {

  @TempDir
  Path home;

  @Test
  void clientCommandsFindARunningServeWithNoConfiguration() throws Exception {
    Path serverJson = home.resolve("server.json");
    try (Subprocess serve = Subprocess.start(
        Subprocess.javaCommand(List.of(), List.of("serve", "--port", "0")),
        Map.of("SPACEPORT_HOME", home.toString()))) {
      serve.awaitOutput("Other spaceport commands on this machine", Duration.ofSeconds(90));
      assertThat(serve.output()).contains("Spaceport listening on http://127.0.0.1:")
          .contains("Created the account admin");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
          home.resolve("admin-api-key")))).isEqualTo("rw-------");

      JsonNode info = Cli.JSON.readTree(serverJson.toFile());
      assertThat(info.get("host").asText()).isEqualTo("127.0.0.1");
      assertThat(info.get("scheme").asText()).isEqualTo("http");
      int port = info.get("port").asInt();
      assertThat(serve.output()).contains("http://127.0.0.1:" + port);

      Cli cli = Cli.withEnv(Map.of("SPACEPORT_HOME", home.toString()));
      String org = unique("org");
      cli.run("orgs", "create", org).ok();
      cli.run("spaces", "create", "production", "--org", org).ok();
      assertThat(cli.run("spaces", "list").ok().json()).hasSize(1);
      assertThat(cli.run("config", "show").ok().json().get("local_server").asBoolean()).isTrue();

      // another home, pointed at the same data dir
      Cli other = Cli.withEnv(Map.of("SPACEPORT_DATA_DIR", home.toString()));
      other.run("spaces", "get", "production").ok();

      assertThat(serve.stop(Duration.ofSeconds(30))).isNotNegative();
    }
    assertThat(serverJson).as("serve removes server.json when it stops").doesNotExist();
    Cli.Result after = Cli.withEnv(Map.of("SPACEPORT_HOME", home.toString()))
        .run("spaces", "list");
    after.expectExit(ExitCodes.USAGE);
    assertThat(after.err()).contains("no Spaceport server configured");
  }
}
