package dev.spaceport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code spaceport spaces list} loads, in a fresh JVM: its own command and nothing else —
 * no server (Javalin, Jetty, SQLite, Flyway, logback), no other command, no TLS stack.
 */
class StartupTest {

  @TempDir
  Path dir;

  @Test
  void aClientCommandLoadsNeitherTheServerNorOtherCommands() throws Exception {
    TestServer server = SharedServer.get();
    Path log = dir.resolve("classes.txt");
    try (Subprocess list = Subprocess.start(Subprocess.javaCommand(
        List.of("-Xlog:class+load=info:file=" + log), List.of("spaces", "list")), Map.of(
            "SPACEPORT_HOME", dir.toString(),
            "ARIZE_API_HOST", "127.0.0.1:" + server.port(),
            "ARIZE_API_SCHEME", "http",
            "ARIZE_API_KEY", TestServer.ADMIN_KEY))) {
      assertThat(list.waitFor(Duration.ofSeconds(60))).as(list.output()).isZero();
      assertThat(list.output()).startsWith("[").doesNotContain("WARN").doesNotContain("SLF4J");
    }
    List<String> loaded = Files.readAllLines(log).stream()
        .map(line -> line.replaceAll("^\\[[^]]*\\]\\[info\\]\\[class,load\\] (\\S+).*", "$1"))
        .toList();
    assertThat(loaded).contains("dev.spaceport.cli.SpacesCommand$ListSpaces",
        "dev.spaceport.client.SpacesClient");
    assertThat(loaded).noneMatch(c -> c.startsWith("dev.spaceport.server.")
        || c.startsWith("io.javalin.") || c.startsWith("org.eclipse.jetty.")
        || c.startsWith("org.sqlite.") || c.startsWith("org.flywaydb.")
        || c.startsWith("ch.qos.logback.") || c.startsWith("me.tongfei.")
        || c.startsWith("org.yaml.snakeyaml.") || c.startsWith("sun.security.ssl.")
        || c.startsWith("jdk.internal.net.http."));
    assertThat(loaded).noneMatch(c -> c.startsWith("dev.spaceport.cli.")
        && (c.contains("ServeCommand") || c.contains("ServeRunner") || c.contains("UsersCommand")
        || c.contains("OrganizationsCommand") || c.contains("BulkAddUsers")
        || c.contains("SpacesCommand$Delete") || c.contains("KeysCommand")));
  }
}
