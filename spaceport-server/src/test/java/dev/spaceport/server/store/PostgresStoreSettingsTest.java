package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.PostgresFixture;
import dev.spaceport.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The settings every pooled PostgreSQL connection gets, pinned rather than trusted to a comment:
 * a statement timeout, synchronous commits (acknowledged writes are durable), and plans made for
 * each statement's own arguments — a generic plan read a rare name's whole organization in list
 * order instead of using the trigram index (~1.5 → ~25 ms a page at 100,000 spaces).
 */
class PostgresStoreSettingsTest {

  @Test
  void everyConnectionIsSetUpForDurabilityBoundsAndArgumentAwarePlans() {
    assumeTrue(TestServer.onPostgres(), "PostgreSQL only");
    PostgresDatabase db = new PostgresDatabase(PostgresFixture.get().newDatabase(), "postgres",
        null);
    try {
      for (int i = 0; i < 3; i++) { // whichever pooled connection answers
        assertThat(setting(db, "statement_timeout")).isEqualTo("5s");
        assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
        assertThat(setting(db, "plan_cache_mode")).isEqualTo("force_custom_plan");
      }
    } finally {
      db.close();
    }
  }

  private static String setting(Database db, String name) {
    return db.read(tx -> tx.queryOne("SELECT current_setting(?)", rs -> rs.getString(1), name))
        .orElseThrow();
  }
}
