package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.PostgresFixture;
import dev.spaceport.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The V20 triggers (db/sqlite and db/postgres V20_1, PostgreSQL's made conditional by V22_2): a
 * membership inserted without its space's {@code created_at}, as any writer but the server might,
 * gets it, and one inserted with it keeps what it came with. On the migrated schema of the store
 * this test run uses.
 */
class ListOrderTriggerTest {

  private static final long SPACE_CREATED_AT = 1_700_000_000_000L;

  @TempDir
  Path dir;
  private Database db;

  @BeforeEach
  void open() {
    db = TestServer.onPostgres()
        ? Stores.open(dir, PostgresFixture.get().newDatabase(), "postgres", null)
        : Stores.openSqlite(dir.resolve(Stores.SQLITE_FILE_NAME));
    db.write(tx -> {
      tx.update("INSERT INTO users (id, suffix, name, email, email_key, account_role, status,"
          + " is_developer, created_at) VALUES (900, 'u', 'U', 'u@x', 'u@x', 'member', 'active',"
          + " " + (TestServer.onPostgres() ? "TRUE" : "1") + ", 0)");
      tx.update("INSERT INTO organizations (id, suffix, name, name_key, description, created_at)"
          + " VALUES (900, 'o', 'O', 'o', '', 0)");
      return tx.update("INSERT INTO spaces (id, suffix, organization_id, name, name_key,"
          + " description, created_at) VALUES (900, 's', 900, 'S', 's', '', ?)",
          SPACE_CREATED_AT);
    });
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aMembershipWithoutItsSpacesCreationTimeGetsIt() {
    db.write(tx -> tx.update("INSERT INTO space_memberships (suffix, space_id, user_id, role,"
        + " created_at) VALUES ('m', 900, 900, 'admin', 5)"));
    assertThat(spaceCreatedAtOfTheMembership()).isEqualTo(SPACE_CREATED_AT);
  }

  @Test
  void aMembershipThatComesWithItKeepsIt() {
    db.write(tx -> tx.update("INSERT INTO space_memberships (suffix, space_id, user_id, role,"
        + " created_at, space_created_at) VALUES ('m', 900, 900, 'admin', 5, 42)"));
    assertThat(spaceCreatedAtOfTheMembership()).isEqualTo(42);
  }

  private long spaceCreatedAtOfTheMembership() {
    return db.read(tx -> tx.queryOne("SELECT space_created_at FROM space_memberships"
        + " WHERE space_id = 900", rs -> rs.getLong(1))).orElseThrow();
  }
}
