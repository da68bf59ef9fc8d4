package dev.spaceport.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.config.ConfigResolver.Key;
import dev.spaceport.server.config.ConfigResolver.Source;
import dev.spaceport.server.ops.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags > environment > spaceport.yaml > defaults, and a --print-config that hides secrets. */
class ConfigResolverTest {

  @TempDir
  Path dir;

  private Path writeFile(Path file, String yaml) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    EffectiveConfig config = ConfigResolver.resolve(Map.of(), Map.of(), null, dir);
    ServerConfig server = config.serverConfig();
    assertThat(server.host()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isEqualTo(8080);
    assertThat(server.dataDir()).isEqualTo(dir);
    assertThat(server.databaseUrl()).isNull();
    assertThat(server.rateLimit()).isEqualTo(1000);
    assertThat(server.maxConcurrentRequestsPerKey()).isEqualTo(32);
    assertThat(server.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(server.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(config.file()).isEmpty();
    assertThat(config.settings()).allSatisfy(s -> assertThat(s.source()).isEqualTo(Source.DEFAULT));
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws Exception {
    writeFile(dir.resolve(ConfigResolver.FILE_NAME), """
        host: 0.0.0.0
        port: 9000
        rate-limit: 50
        shutdown-timeout: 30s
        log_format: text
        """);
    Map<String, String> env = Map.of("SPACEPORT_PORT", "9100", "SPACEPORT_RATE_LIMIT", "60",
        "SPACEPORT_DATA_DIR", dir.toString());
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "9200");
    flags.put("host", null); // a flag that was not given
    EffectiveConfig config = ConfigResolver.resolve(flags, env, null);
    ServerConfig server = config.serverConfig();
    assertThat(server.port()).isEqualTo(9200);
    assertThat(config.get(Key.PORT).source()).isEqualTo(Source.FLAG);
    assertThat(server.rateLimit()).isEqualTo(60);
    assertThat(config.get(Key.RATE_LIMIT).origin()).isEqualTo("SPACEPORT_RATE_LIMIT");
    assertThat(server.host()).isEqualTo("0.0.0.0");
    assertThat(config.get(Key.HOST).source()).isEqualTo(Source.FILE);
    assertThat(server.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(server.logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(server.dataDir()).isEqualTo(dir);
    assertThat(config.get(Key.DATABASE_URL).source()).isEqualTo(Source.DEFAULT);
    assertThat(config.file()).contains(dir.resolve(ConfigResolver.FILE_NAME));
  }

  @Test
  void theFileIsFoundInTheDataDirOrNamedExplicitly() throws Exception {
    Path data = dir.resolve("data");
    writeFile(data.resolve(ConfigResolver.FILE_NAME), "port: 7001\n");
    Path other = writeFile(dir.resolve("elsewhere.yaml"), "port: 7002\n");
    assertThat(ConfigResolver.resolve(Map.of("data-dir", data.toString()), Map.of(), null)
        .serverConfig().port()).isEqualTo(7001);
    assertThat(ConfigResolver.resolve(Map.of("data-dir", data.toString()), Map.of(), other)
        .serverConfig().port()).isEqualTo(7002);
    assertThat(ConfigResolver.resolve(Map.of(), Map.of("SPACEPORT_CONFIG", other.toString()),
        null, data).serverConfig().port()).isEqualTo(7002);
    assertThatThrownBy(() -> ConfigResolver.resolve(Map.of(), Map.of(),
        dir.resolve("missing.yaml"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void badValuesNameTheSettingAndWhereTheyCameFrom() throws Exception {
    assertThatThrownBy(() -> ConfigResolver.resolve(Map.of(), Map.of("SPACEPORT_PORT", "eighty"),
        null, dir).serverConfig()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("port").hasMessageContaining("SPACEPORT_PORT");
    assertThatThrownBy(() -> ConfigResolver.resolve(Map.of("shutdown-timeout", "soon"),
        Map.of(), null, dir).serverConfig()).hasMessageContaining("--shutdown-timeout");
    assertThatThrownBy(() -> ConfigResolver.resolve(Map.of("log-format", "xml"), Map.of(), null,
        dir).serverConfig()).hasMessageContaining("json or text");
    Path file = writeFile(dir.resolve("bad.yaml"), "prot: 80\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(Map.of(), Map.of(), file))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown setting 'prot'");
    Path nested = writeFile(dir.resolve("nested.yaml"), "port:\n  value: 80\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(Map.of(), Map.of(), nested))
        .hasMessageContaining("single value");
    assertThatThrownBy(() -> ConfigResolver.resolve(Map.of("admin-api-key", "short"), Map.of(),
        null, dir).serverConfig()).hasMessageContaining("16").hasMessageNotContaining("short");
    assertThat(ConfigResolver.resolve(Map.of("shutdown-timeout", "750ms"), Map.of(), null, dir)
        .serverConfig().shutdownTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThatThrownBy(() -> ConfigResolver.resolve(Map.of(),
        Map.of("SPACEPORT_MAX_CONCURRENT_REQUESTS_PER_KEY", "-1"), null, dir).serverConfig())
        .hasMessageContaining("max-concurrent-requests-per-key must be from 0")
        .hasMessageContaining("SPACEPORT_MAX_CONCURRENT_REQUESTS_PER_KEY");
  }

  @Test
  void theConcurrencyCapComesFromEachLayer() throws Exception {
    writeFile(dir.resolve(ConfigResolver.FILE_NAME), "max-concurrent-requests-per-key: 8\n");
    Map<String, String> env = Map.of("SPACEPORT_DATA_DIR", dir.toString());
    assertThat(ConfigResolver.resolve(Map.of(), env, null).serverConfig()
        .maxConcurrentRequestsPerKey()).isEqualTo(8);
    Map<String, String> withEnv = Map.of("SPACEPORT_DATA_DIR", dir.toString(),
        "SPACEPORT_MAX_CONCURRENT_REQUESTS_PER_KEY", "0");
    assertThat(ConfigResolver.resolve(Map.of(), withEnv, null).serverConfig()
        .maxConcurrentRequestsPerKey()).isZero();
    EffectiveConfig flagged = ConfigResolver.resolve(
        Map.of("max-concurrent-requests-per-key", "4"), withEnv, null);
    assertThat(flagged.serverConfig().maxConcurrentRequestsPerKey()).isEqualTo(4);
    assertThat(flagged.get(Key.MAX_CONCURRENT_REQUESTS_PER_KEY).origin())
        .isEqualTo("--max-concurrent-requests-per-key");
  }

  @Test
  void printConfigShowsEverySettingWithItsSourceAndRedactsSecrets() throws Exception {
    writeFile(dir.resolve(ConfigResolver.FILE_NAME), "database-password: file-secret-pw\n");
    Map<String, String> env = Map.of(
        "SPACEPORT_DATA_DIR", dir.toString(),
        "SPACEPORT_ADMIN_API_KEY", "admin-key-very-secret-123",
        "SPACEPORT_DATABASE_URL",
        "jdbc:postgresql://spaceport:url-secret@db.internal:5432/sp?password=param-secret&ssl=true",
        "SPACEPORT_DATABASE_USER", "spaceport");
    String printed = ConfigResolver.resolve(Map.of("port", "8181"), env, null).print();
    assertThat(printed).doesNotContain("file-secret-pw", "admin-key-very-secret-123",
        "url-secret", "param-secret");
    assertThat(printed)
        .contains("port: '8181'", "# flag --port")
        .contains("admin-api-key: '<redacted>'", "# env SPACEPORT_ADMIN_API_KEY")
        .contains("database-password: '<redacted>'", "# file " + dir)
        .contains("jdbc:postgresql://spaceport:<redacted>@db.internal:5432/sp?"
            + "password=<redacted>&ssl=true")
        .contains("database-user: 'spaceport'")
        .contains("host: '127.0.0.1'", "# default");
    for (Key key : Key.values()) {
      assertThat(printed).contains(key.flag + ":");
    }
    // What --print-config prints is itself a valid configuration file (secrets aside).
    Path copy = writeFile(dir.resolve("copy.yaml"), printed.lines()
        .filter(l -> !l.contains("<redacted>")).map(l -> l.replaceAll("\\s+#.*$", ""))
        .filter(l -> !l.endsWith(":")).reduce("", (a, b) -> a + b + "\n"));
    ServerConfig reread = ConfigResolver.resolve(Map.of(), Map.of(), copy, dir).serverConfig();
    assertThat(reread.port()).isEqualTo(8181);
    assertThat(reread.databaseUser()).isEqualTo("spaceport");
  }
}
