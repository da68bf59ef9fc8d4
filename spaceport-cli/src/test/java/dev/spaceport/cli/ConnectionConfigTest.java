package dev.spaceport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where commands find their server and key: flags, then --profile, then ARIZE_* variables, then
 * the default profile, then a local `spaceport serve`; and the profile commands themselves.
 */
class ConnectionConfigTest {

  private final TestServer server = SharedServer.get();
  private final String host = "127.0.0.1:" + server.port();

  @Test
  void profilesAreSavedPrivatelyListedRedactedAndDeleted() throws IOException {
    Cli cli = Cli.withEnv(Map.of());
    cli.run("config", "set-profile", "default", "--host", host, "--scheme", "http",
        "--api-key", TestServer.ADMIN_KEY).ok();
    cli.run("config", "set-profile", "staging", "--host", "staging.example.com").ok();
    cli.run("config", "set-profile", "staging", "--api-key", "staging-key-0123456789").ok();

    Path file = cli.home().resolve("config");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("[staging]", "host = staging.example.com",
        "api_key = staging-key-0123456789");

    JsonNode profiles = cli.run("config", "list-profiles", "-o", "json").ok().json();
    assertThat(profiles).hasSize(2);
    assertThat(profiles.get(1).get("name").asText()).isEqualTo("staging");
    assertThat(profiles.get(1).get("host").asText()).isEqualTo("staging.example.com");
    assertThat(profiles.get(1).get("api_key").asText()).isEqualTo("stag…6789");
    assertThat(profiles.get(0).get("default").asBoolean()).isTrue();
    assertThat(cli.run("config", "list-profiles", "-o", "yaml").ok().yaml()).isEqualTo(profiles);
    assertThat(cli.atTerminal("").run("config", "list-profiles").ok().out())
        .contains("NAME", "staging", "stag…6789").doesNotContain("staging-key-0123456789");

    cli.run("config", "delete-profile", "staging").ok();
    assertThat(cli.run("config", "list-profiles").ok().json()).hasSize(1);
    cli.run("config", "delete-profile", "staging").expectExit(ExitCodes.USAGE);
    cli.run("config", "set-profile", "x").expectExit(ExitCodes.USAGE);
    cli.run("config", "set-profile", "x", "--scheme", "ftp").expectExit(ExitCodes.USAGE);
  }

  @Test
  void theDefaultProfileIsUsedWithNothingElseConfigured() {
    Cli cli = Cli.withEnv(Map.of());
    cli.run("config", "set-profile", "default", "--host", host, "--scheme", "http",
        "--api-key", TestServer.ADMIN_KEY).ok();
    cli.run("spaces", "list").ok();
    JsonNode show = cli.run("config", "show").ok().json();
    assertThat(show.get("server").asText()).isEqualTo("http://" + host);
    assertThat(show.get("host_from").asText()).isEqualTo("profile 'default'");
    assertThat(show.get("api_key_from").asText()).isEqualTo("profile 'default'");
  }

  @Test
  void flagsBeatTheNamedProfileWhichBeatsEnvWhichBeatsTheDefaultProfile() {
    Cli cli = Cli.withEnv(Map.of());
    cli.run("config", "set-profile", "default", "--host", "default.example.com",
        "--api-key", "default-key-0123456789").ok();
    cli.run("config", "set-profile", "local", "--host", host, "--scheme", "http").ok();

    Cli env = cli.with("ARIZE_API_HOST", "env.example.com").with("ARIZE_API_SCHEME", "http");
    JsonNode fromEnv = env.run("config", "show").ok().json();
    assertThat(fromEnv.get("host").asText()).isEqualTo("env.example.com");
    assertThat(fromEnv.get("host_from").asText()).isEqualTo("ARIZE_API_HOST");
    assertThat(fromEnv.get("api_key_from").asText())
        .as("fields the environment lacks come from the default profile")
        .isEqualTo("profile 'default'");

    // a named profile replaces the default one: no key from it
    assertThat(env.run("config", "show", "--profile", "local").expectExit(ExitCodes.USAGE).err())
        .startsWith("Error: no API key for " + host);
    JsonNode named = env.with("ARIZE_API_KEY", "env-key-0123456789")
        .run("config", "show", "--profile", "local").ok().json();
    assertThat(named.get("host").asText()).isEqualTo(host);
    assertThat(named.get("host_from").asText()).isEqualTo("profile 'local'");
    assertThat(named.get("scheme_from").asText()).isEqualTo("profile 'local'");
    assertThat(named.get("api_key_from").asText()).isEqualTo("ARIZE_API_KEY");

    JsonNode flags = env.run("config", "show", "--profile", "local", "--host", "flag.example.com",
        "--api-key", "flag-key-0123456789").ok().json();
    assertThat(flags.get("host").asText()).isEqualTo("flag.example.com");
    assertThat(flags.get("host_from").asText()).isEqualTo("--host");
    assertThat(flags.get("api_key_from").asText()).isEqualTo("--api-key");

    cli.with("SPACEPORT_PROFILE", "local").with("ARIZE_API_KEY", TestServer.ADMIN_KEY)
        .run("spaces", "list").ok();
    cli.run("spaces", "list", "--profile", "local", "--api-key", TestServer.ADMIN_KEY).ok();
    Cli.Result unknown = cli.run("spaces", "list", "--profile", "nope");
    unknown.expectExit(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("no profile 'nope'");
  }

  @Test
  void aLocalServeIsFoundWithNoConfigurationAtAll() throws IOException {
    Cli cli = Cli.withEnv(Map.of());
    LocalServer.forBind("0.0.0.0", server.port()).write(cli.home());
    Files.writeString(cli.home().resolve("admin-api-key"), TestServer.ADMIN_KEY + "\n");

    cli.run("spaces", "list").ok();
    JsonNode show = cli.run("config", "show").ok().json();
    assertThat(show.get("server").asText()).isEqualTo("http://" + host);
    assertThat(show.get("local_server").asBoolean()).isTrue();
    assertThat(show.get("host_from").asText()).endsWith("server.json");
    assertThat(show.get("api_key_from").asText()).endsWith("admin-api-key");

    // SPACEPORT_DATA_DIR points at the server's data dir when it is not the home
    Cli elsewhere = Cli.withEnv(Map.of("SPACEPORT_DATA_DIR", cli.home().toString()));
    elsewhere.run("spaces", "list").ok();

    // an explicit key is used with the local server
    cli.with("ARIZE_API_KEY", "wrong-key-0123456789").run("spaces", "list")
        .expectExit(ExitCodes.PERMISSION);
  }

  @Test
  void theLocalAdminKeyIsNeverSentToAnotherServer() throws IOException {
    Cli cli = Cli.withEnv(Map.of("ARIZE_API_HOST", "elsewhere.example.com"));
    LocalServer.forBind("127.0.0.1", server.port()).write(cli.home());
    Files.writeString(cli.home().resolve("admin-api-key"), TestServer.ADMIN_KEY + "\n");
    Cli.Result r = cli.run("spaces", "list");
    r.expectExit(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("Error: no API key for elsewhere.example.com");
  }

  @Test
  void clearMessagesWhenNothingIsConfiguredOrTheLocalServerIsGone() throws IOException {
    Cli nothing = Cli.withEnv(Map.of());
    Cli.Result r = nothing.run("spaces", "list");
    r.expectExit(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("Error: no Spaceport server configured: start one with "
        + "`spaceport serve`");

    Cli noKey = Cli.withEnv(Map.of());
    LocalServer.forBind("127.0.0.1", server.port()).write(noKey.home());
    assertThat(noKey.run("spaces", "list").expectExit(ExitCodes.USAGE).err())
        .contains("admin-api-key does not exist");

    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Cli stale = Cli.withEnv(Map.of());
    LocalServer.forBind("127.0.0.1", closed).write(stale.home());
    Files.writeString(stale.home().resolve("admin-api-key"), "k".repeat(20));
    Cli.Result gone = stale.run("spaces", "list");
    gone.expectExit(ExitCodes.UNREACHABLE);
    assertThat(gone.err()).contains("cannot reach http://127.0.0.1:" + closed)
        .contains("is `spaceport serve` still running?");

    Cli.admin(server).run("spaces", "list", "--scheme", "ftp").expectExit(ExitCodes.USAGE);
  }
}
