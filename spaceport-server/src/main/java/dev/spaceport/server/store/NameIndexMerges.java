package dev.spaceport.server.store;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps SQLite's FTS5 name indexes in few segments. FTS5 writes each transaction's new terms as a
 * segment of its own and merges segments only when four gather on one level, so a busy index holds
 * a dozen or more; a name search looks each trigram up in every segment. At 1,000,000 spaces in 11
 * segments a rare term's page cost ~265 µs, in one ~188 µs, and an absent term's 93 → 69 µs
 * (bench/NOTES.md): the search grew with the index's history, not with the answer.
 *
 * <p>When an index has more than {@value #MAX_SEGMENTS} segments, {@link #run()} merges them all
 * into one, in steps of {@value #PAGES_PER_STEP} pages (FTS5's {@code 'merge'} command with a
 * negative count), each its own short write, so writes from clients go in between. A whole merge
 * rewrites the index (about 1.2 s of work at 1,000,000 spaces), which is why it waits for several
 * segments to gather rather than running after every write.
 */
final class NameIndexMerges {

  private static final Logger LOG = LoggerFactory.getLogger(NameIndexMerges.class);
  /** Segments an index may have before it is merged: each costs a search ~8 µs at 1M spaces. */
  static final int MAX_SEGMENTS = 4;
  /** FTS5 pages (about 4 KB each) one write step merges. */
  static final int PAGES_PER_STEP = 100;

  private final Database db;

  NameIndexMerges(Database db) {
    this.db = db;
  }

  /** Merges every FTS5 index of the schema that has more than {@value #MAX_SEGMENTS} segments. */
  void run() {
    for (String index : indexes()) {
      int segments = segments(index);
      if (segments > MAX_SEGMENTS) {
        long start = System.nanoTime();
        int steps = mergeFully(index);
        LOG.info("name index {}: merged {} segments into {} in {} steps, {} ms", index, segments,
            segments(index), steps, (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  /** The FTS5 tables of the schema. */
  List<String> indexes() {
    return db.read(tx -> tx.query("SELECT name FROM sqlite_master WHERE type = 'table'"
        + " AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%' ORDER BY name",
        rs -> rs.getString(1)));
  }

  /** How many segments {@code index} has: each has a row per leaf page in its {@code _idx}. */
  int segments(String index) {
    return db.read(tx -> tx.queryOne("SELECT count(DISTINCT segid) FROM " + index + "_idx",
        rs -> rs.getInt(1))).orElse(0);
  }

  /** Merge steps until FTS5 finds nothing left to merge; returns how many ran. */
  private int mergeFully(String index) {
    int steps = 0;
    while (step(index)) {
      steps++;
    }
    return steps;
  }

  /**
   * One merge step. FTS5's documented test for whether it did anything: the command itself counts
   * one change, so a difference of two or more in {@code total_changes()} means pages were merged.
   */
  private boolean step(String index) {
    return db.write(tx -> {
      long before = totalChanges(tx);
      tx.update("INSERT INTO " + index + "(" + index + ", rank) VALUES ('merge', ?)",
          -PAGES_PER_STEP);
      return totalChanges(tx) - before >= 2;
    });
  }

  private static long totalChanges(Tx tx) throws java.sql.SQLException {
    return tx.queryOne("SELECT total_changes()", rs -> rs.getLong(1)).orElseThrow();
  }
}
