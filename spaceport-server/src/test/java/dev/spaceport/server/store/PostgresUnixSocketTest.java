package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.PostgresFixture;
import dev.spaceport.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store opened with libpq's socket-directory URL reaches PostgreSQL through its Unix socket. */
class PostgresUnixSocketTest {

  /** PostgreSQL's own answer: the server's address on this connection, NULL over a Unix socket. */
  private static final String SERVER_ADDRESS = "SELECT inet_server_addr()::text AS a";

  @TempDir
  Path dir;

  @Test
  void aSocketDirectoryConnectsThroughTheSocketToMigrateReadAndWrite() {
    assumeTrue(TestServer.onPostgres(), "a PostgreSQL connection");
    PostgresFixture postgres = PostgresFixture.get();
    String url = postgres.newDatabase();
    String socketUrl = url + "?host="
        + URLEncoder.encode(postgres.socketDirectory().toString(), StandardCharsets.UTF_8);
    try (Database overSocket = Stores.open(dir, socketUrl, "postgres", null)) { // migrates
      assertThat(serverAddress(overSocket)).isEmpty();
      overSocket.write(tx -> tx.update(
          "INSERT INTO server_settings (name, value) VALUES ('socket_test', 'written')"));
      Optional<String> read = overSocket.read(tx -> tx.queryOne(
          "SELECT value FROM server_settings WHERE name = 'socket_test'", rs -> rs.getString(1)));
      assertThat(read).contains("written");
    }
    try (Database overTcp = Stores.open(dir, url, "postgres", null)) {
      assertThat(serverAddress(overTcp)).contains("127.0.0.1/32");
    }
  }

  @Test
  void aMissingSocketIsNamedBeforeAnyConnectionIsTried() {
    Path missing = dir.resolve("no-postgres-here");
    assertThatThrownBy(() -> new PostgresDatabase(
        "jdbc:postgresql://localhost:5433/spaceport?host=" + missing, "postgres", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.resolve(".s.PGSQL.5433").toString());
  }

  private static Optional<String> serverAddress(Database db) {
    return db.read(tx -> tx.queryOne(SERVER_ADDRESS, rs -> Optional.ofNullable(rs.getString(1))))
        .orElseThrow();
  }
}
