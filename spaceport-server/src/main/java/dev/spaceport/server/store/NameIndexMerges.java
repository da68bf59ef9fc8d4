package dev.spaceport.server.store;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * negative count), each its own short write with a pause after it, so client writes keep most of
 * the writer while a merge runs. A whole merge rewrites the index (about 1.2 s of work at
 * 1,000,000 spaces), so it waits for several segments to gather rather than running after every
 * write, and after a merge the next waits {@value #COOLDOWN_FACTOR} times as long as that one
 * took: under a steady stream of writes, rewriting the index takes at most ~1% of the writer.
 */
final class NameIndexMerges {

  private static final Logger LOG = LoggerFactory.getLogger(NameIndexMerges.class);
  /** Segments an index may have before it is merged: each costs a search ~8 µs at 1M spaces. */
  static final int MAX_SEGMENTS = 4;
  /** FTS5 pages (about 4 KB each) one write step merges: a few milliseconds of the writer. */
  static final int PAGES_PER_STEP = 25;
  /** The pause after each step, in which client writes have the writer to themselves. */
  private static final long PAUSE_MILLIS = 10;
  /** How many times its own duration must pass after a merge before the next may start. */
  static final int COOLDOWN_FACTOR = 100;
  /**
   * The longest one index's merge may run: while clients keep writing, FTS5 can keep finding new
   * segments to fold in, so "until nothing is left" might never come. Where it stops, the next
   * merge (after the cooldown) goes on.
   */
  static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Database db;
  private final LongSupplier nanoClock;
  /** Whether a merge has run: until then nothing holds the next one back. */
  private boolean mergedBefore;
  /** When the next merge may start, on {@code nanoClock}. */
  private long notBeforeNanos;

  NameIndexMerges(Database db) {
    this(db, System::nanoTime);
  }

  NameIndexMerges(Database db, LongSupplier nanoClock) {
    this.db = db;
    this.nanoClock = nanoClock;
  }

  /**
   * Merges every FTS5 index of the schema that has more than {@value #MAX_SEGMENTS} segments,
   * unless the last merge was too recent ({@value #COOLDOWN_FACTOR} times its duration ago).
   */
  void run() {
    long start = nanoClock.getAsLong();
    if (mergedBefore && start - notBeforeNanos < 0) {
      return;
    }
    boolean merged = false;
    for (String index : indexes()) {
      int segments = segments(index);
      if (segments > MAX_SEGMENTS) {
        long began = System.nanoTime();
        int steps = mergeFully(index);
        LOG.info("name index {}: merged {} segments into {} in {} steps, {} ms", index, segments,
            segments(index), steps, (System.nanoTime() - began) / 1_000_000);
        merged = true;
      }
    }
    if (merged) {
      long end = nanoClock.getAsLong();
      notBeforeNanos = end + COOLDOWN_FACTOR * (end - start);
      mergedBefore = true;
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

  /**
   * Merge steps until FTS5 finds nothing left to merge or the {@link #BUDGET_NANOS budget} is
   * spent; returns how many ran.
   */
  private int mergeFully(String index) {
    int steps = 0;
    long deadline = System.nanoTime() + BUDGET_NANOS;
    while (step(index)) {
      steps++;
      if (System.nanoTime() - deadline > 0) {
        LOG.info("name index {}: merge stopped after {} steps, its time budget spent", index,
            steps);
        break;
      }
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // shutting down: the merge resumes on next start
        break;
      }
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
