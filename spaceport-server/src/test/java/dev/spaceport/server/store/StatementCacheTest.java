package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite statements are kept per connection and reused ({@link StatementCache}). Reuse must not
 * change what a statement does: one in use is never handed out twice, the cache stays bounded, and
 * a kept statement holds no read snapshot open (which would stall WAL checkpoints for good).
 */
class StatementCacheTest {

  @TempDir
  Path dir;

  @Test
  void aStatementIsPreparedOnceAndReused() throws Exception {
    try (Connection c = connection()) {
      StatementCache cache = new StatementCache(c);
      PreparedStatement first = cache.take("SELECT ?");
      cache.giveBack("SELECT ?", first);
      assertThat(cache.take("SELECT ?")).isSameAs(first);
    }
  }

  @Test
  void aStatementInUseIsNotHandedOutTwice() throws Exception {
    try (Connection c = connection()) {
      StatementCache cache = new StatementCache(c);
      PreparedStatement outer = cache.take("SELECT ?");
      PreparedStatement inner = cache.take("SELECT ?");
      assertThat(inner).isNotSameAs(outer);
      cache.giveBack("SELECT ?", inner);
      cache.giveBack("SELECT ?", outer);
      assertThat(inner.isClosed()).as("the one displaced is closed").isTrue();
      assertThat(cache.take("SELECT ?")).isSameAs(outer);
    }
  }

  /**
   * Reuse allocates no map entries (the class Javadoc tells why that matters): a round of taking
   * and giving back a cached statement allocates less than one {@code LinkedHashMap} entry
   * (40 bytes). The allocation is counted on this thread alone, so the rest of the JVM can't
   * disturb it.
   */
  @Test
  void reusingAStatementAllocatesNoMapEntry() throws Exception {
    try (Connection c = connection()) {
      StatementCache cache = new StatementCache(c);
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      assumeTrue(threads.isThreadAllocatedMemorySupported()
          && threads.isThreadAllocatedMemoryEnabled(), "no per-thread allocation counts here");
      long thread = Thread.currentThread().getId();
      // The first round prepares the statement and makes its slot; later ones must allocate
      // nothing of the cache's own.
      takeAndGiveBack(cache, "SELECT ?", 1_000);
      long before = threads.getThreadAllocatedBytes(thread);
      int rounds = 20_000;
      takeAndGiveBack(cache, "SELECT ?", rounds);
      long perRound = (threads.getThreadAllocatedBytes(thread) - before) / rounds;
      assertThat(perRound).as("bytes allocated per round").isLessThan(16);
    }
  }

  private static void takeAndGiveBack(StatementCache cache, String sql, int rounds)
      throws Exception {
    for (int i = 0; i < rounds; i++) {
      cache.giveBack(sql, cache.take(sql));
    }
  }

  @Test
  void aStatementEvictedWhileInUseIsKeptWhenItComesBack() throws Exception {
    try (Connection c = connection()) {
      StatementCache cache = new StatementCache(c);
      takeAndGiveBack(cache, "SELECT ?", 1);
      PreparedStatement inUse = cache.take("SELECT ?"); // its slot now holds nothing
      takeAndGiveBack(cache, "SELECT 0", 1);
      for (int i = 1; i <= StatementCache.CAPACITY; i++) {
        takeAndGiveBack(cache, "SELECT " + i, 1);
      }
      cache.giveBack("SELECT ?", inUse);
      assertThat(inUse.isClosed()).isFalse();
      assertThat(cache.take("SELECT ?")).isSameAs(inUse);
    }
  }

  @Test
  void theLeastRecentlyUsedBeyondCapacityAreClosed() throws Exception {
    try (Connection c = connection()) {
      StatementCache cache = new StatementCache(c);
      List<PreparedStatement> statements = new ArrayList<>();
      for (int i = 0; i <= StatementCache.CAPACITY; i++) {
        PreparedStatement ps = cache.take("SELECT " + i);
        statements.add(ps);
        cache.giveBack("SELECT " + i, ps);
      }
      assertThat(statements.get(0).isClosed()).isTrue();
      assertThat(statements.subList(1, statements.size())).noneMatch(StatementCacheTest::isClosed);
    }
  }

  @Test
  void aTxReusesStatementsAndRecoversFromAFailedOne() throws Exception {
    try (Connection c = connection()) {
      c.createStatement().execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
      Tx tx = new Tx(c, Dialect.SQLITE, new StatementCache(c), null);
      tx.update("INSERT INTO t (v) VALUES (?)", "a");
      assertThatThrownBy(() -> tx.update("INSERT INTO t (v) VALUES (?)", "a"))
          .isInstanceOf(ConstraintViolation.class);
      tx.update("INSERT INTO t (v) VALUES (?)", "b");
      long id = tx.insert("INSERT INTO t (v) VALUES (?)", "c");
      assertThat(tx.insert("INSERT INTO t (v) VALUES (?)", "d")).isEqualTo(id + 1);
      assertThat(tx.query("SELECT v FROM t ORDER BY id", rs -> rs.getString(1)))
          .containsExactly("a", "b", "c", "d");
      assertThat(tx.queryOne("SELECT v FROM t WHERE id = ?", rs -> rs.getString(1), id))
          .contains("c");
      assertThat(tx.exists("SELECT 1 FROM t WHERE v = ?", "e")).isFalse();
      tx.updateAll(new Tx.Statement("INSERT INTO t (v) VALUES (?)", "x"),
          new Tx.Statement("UPDATE t SET v = ? WHERE v = ?", "y", "x"));
      assertThat(tx.query("SELECT v FROM t ORDER BY id", rs -> rs.getString(1)))
          .containsExactly("a", "b", "c", "d", "y");
    }
  }

  @Test
  void aKeptStatementHoldsNoReadSnapshot() throws Exception {
    Path file = dir.resolve(Stores.SQLITE_FILE_NAME);
    Database db = Stores.open(dir, null, null, null);
    try (Connection checkpointer = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      db.write(tx -> tx.update("CREATE TABLE t (x INTEGER)"));
      for (int i = 0; i < 100; i++) {
        long x = i;
        db.write(tx -> tx.update("INSERT INTO t (x) VALUES (?)", x));
      }
      // A read that stops after the first of many rows, on a statement the cache keeps.
      for (int i = 0; i < 8; i++) {
        Optional<Long> first = db.read(tx -> tx.queryOne("SELECT x FROM t ORDER BY x",
            rs -> rs.getLong(1)));
        boolean any = db.read(tx -> tx.exists("SELECT x FROM t"));
        assertThat(first).contains(0L);
        assertThat(any).isTrue();
      }
      db.write(tx -> tx.update("INSERT INTO t (x) VALUES (100)"));
      assertThat(checkpointIsBlocked(checkpointer)).isFalse();

      // The check can tell: a statement left in the middle of its rows does block it.
      try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file);
          PreparedStatement ps = reader.prepareStatement("SELECT x FROM t");
          ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        db.write(tx -> tx.update("INSERT INTO t (x) VALUES (101)"));
        assertThat(checkpointIsBlocked(checkpointer)).isTrue();
      }
    } finally {
      db.close();
    }
  }

  /** Whether a checkpoint that must wait for every reader to leave the WAL can't finish now. */
  private static boolean checkpointIsBlocked(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=0");
      try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        rs.next();
        return rs.getInt(1) != 0;
      }
    }
  }

  private Connection connection() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
  }

  private static boolean isClosed(PreparedStatement ps) {
    try {
      return ps.isClosed();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
