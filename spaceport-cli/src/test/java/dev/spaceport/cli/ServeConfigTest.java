package dev.spaceport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spaceport serve --print-config}, in this JVM: no server is started. */
class ServeConfigTest {

  @TempDir
  Path home;

  private Cli cli() {
    return Cli.withEnv(Map.of("SPACEPORT_HOME", home.toString()));
  }

  @Test
  void printConfigShowsEffectiveValuesAndRedactsSecrets() {
    Cli.Result r = cli()
        .with("SPACEPORT_DATABASE_PASSWORD", "env-db-secret")
        .run("serve", "--print-config", "--port", "9091", "--rate-limit", "25",
            "--shutdown-timeout", "3s", "--log-format", "text",
            "--database-url", "jdbc:postgresql://db/sp?user=u&password=url-secret",
            "--database-user", "sp", "--admin-api-key", "flag-admin-key-0123456789")
        .ok();
    JsonNode yaml = r.yaml();
    assertThat(yaml.get("port").asText()).isEqualTo("9091");
    assertThat(yaml.get("rate-limit").asText()).isEqualTo("25");
    assertThat(yaml.get("shutdown-timeout").asText()).isEqualTo("3s");
    assertThat(yaml.get("log-format").asText()).isEqualTo("text");
    assertThat(yaml.get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(yaml.get("data-dir").asText()).isEqualTo(home.toString());
    assertThat(yaml.get("database-user").asText()).isEqualTo("sp");
    assertThat(yaml.get("database-password").asText()).isEqualTo("<redacted>");
    assertThat(yaml.get("admin-api-key").asText()).isEqualTo("<redacted>");
    assertThat(r.out()).doesNotContain("env-db-secret", "url-secret", "flag-admin-key")
        .contains("flag --port", "env SPACEPORT_DATABASE_PASSWORD");
    assertThat(home.resolve("server.json")).as("nothing was started").doesNotExist();
    assertThat(home.resolve("spaceport.db")).doesNotExist();
  }

  @Test
  void flagWinsOverEnvWhichWinsOverFileWhichWinsOverDefault() throws Exception {
    Path file = home.resolve("custom.yaml");
    Files.writeString(file, "port: 7001\nrate-limit: 11\nshutdown-timeout: 4s\nhost: 0.0.0.0\n");
    JsonNode yaml = cli().with("SPACEPORT_PORT", "7002").with("SPACEPORT_RATE_LIMIT", "12")
        .run("serve", "--config", file.toString(), "--print-config", "--port", "7003")
        .ok().yaml();
    assertThat(yaml.get("port").asText()).isEqualTo("7003");
    assertThat(yaml.get("rate-limit").asText()).isEqualTo("12");
    assertThat(yaml.get("shutdown-timeout").asText()).isEqualTo("4s");
    assertThat(yaml.get("host").asText()).isEqualTo("0.0.0.0");
    assertThat(yaml.get("log-format").asText()).isEqualTo("json");
  }

  @Test
  void theDataDirFileIsReadButSpaceportConfigIsTheProfilesFileNotTheServers() throws Exception {
    Files.writeString(home.resolve("spaceport.yaml"), "rate-limit: 77\n");
    Path profiles = home.resolve("profiles");
    Files.writeString(profiles, "not: server config\n");
    Cli.Result r = cli().with("SPACEPORT_CONFIG", profiles.toString())
        .run("serve", "--print-config").ok();
    assertThat(r.yaml().get("rate-limit").asText()).isEqualTo("77");
    assertThat(r.out()).contains("# configuration file: " + home.resolve("spaceport.yaml"));
  }

  @Test
  void badSettingsAreUsageErrorsNamingTheSource() throws Exception {
    Cli.Result bad = cli().run("serve", "--print-config", "--port", "http");
    bad.expectExit(ExitCodes.USAGE);
    assertThat(bad.err()).contains("port must be a whole number", "--port");

    Cli.Result missing = cli().run("serve", "--config", home.resolve("nope.yaml").toString());
    missing.expectExit(ExitCodes.USAGE);
    assertThat(missing.err()).contains("does not exist");

    Files.writeString(home.resolve("spaceport.yaml"), "colour: blue\n");
    Cli.Result unknown = cli().run("serve", "--print-config");
    unknown.expectExit(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("unknown setting 'colour'");
  }

  @Test
  void theConcurrencyCapComesFromFlagEnvFileOrDefault() throws Exception {
    assertThat(cli().run("serve", "--print-config").ok().yaml()
        .get("max-concurrent-requests-per-key").asText()).isEqualTo("32");
    Files.writeString(home.resolve("spaceport.yaml"), "max-concurrent-requests-per-key: 8\n");
    assertThat(cli().run("serve", "--print-config").ok().yaml()
        .get("max-concurrent-requests-per-key").asText()).isEqualTo("8");
    assertThat(cli().with("SPACEPORT_MAX_CONCURRENT_REQUESTS_PER_KEY", "0")
        .run("serve", "--print-config").ok().yaml()
        .get("max-concurrent-requests-per-key").asText()).isEqualTo("0");
    assertThat(cli().with("SPACEPORT_MAX_CONCURRENT_REQUESTS_PER_KEY", "0")
        .run("serve", "--print-config", "--max-concurrent-requests-per-key", "4").ok().yaml()
        .get("max-concurrent-requests-per-key").asText()).isEqualTo("4");
  }

  @Test
  void helpDocumentsTheFlagsAndHidesTheAdminKeyFlag() {
    String help = cli().run("serve", "--help").ok().out();
    assertThat(help).contains("--config", "--print-config", "--rate-limit",
        "--max-concurrent-requests-per-key", "--shutdown-timeout", "--log-format", "--database-user", "--database-password")
        .doesNotContain("--admin-api-key");
  }
}
