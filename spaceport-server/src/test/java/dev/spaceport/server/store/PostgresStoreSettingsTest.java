package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.PostgresFixture;
import dev.spaceport.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The settings every pooled PostgreSQL connection gets, pinned rather than trusted to a comment:
 * a statement timeout, synchronous commits (acknowledged writes are durable), and PostgreSQL's
 * default plan caching: only name filters ask for a plan per use (NameFilterBoundTest), so an
 * insert's foreign-key checks and triggers keep their cached plans.
 */
class PostgresStoreSettingsTest {

  @Test
  void everyConnectionIsSetUpForDurabilityBoundsAndCachedPlans() {
    assumeTrue(TestServer.onPostgres(), "PostgreSQL only");
    PostgresDatabase db = new PostgresDatabase(PostgresFixture.get().newDatabase(), "postgres",
        null);
    try {
      for (int i = 0; i < 3; i++) { // whichever pooled connection answers
        assertThat(setting(db, "statement_timeout")).isEqualTo("5s");
        assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
        assertThat(setting(db, "plan_cache_mode")).isEqualTo("auto");
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
