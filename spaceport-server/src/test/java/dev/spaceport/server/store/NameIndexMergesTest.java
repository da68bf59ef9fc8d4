package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NameIndexMerges} on FTS5 trigram tables like the name indexes: every write transaction
 * leaves a segment, an index with more than {@value NameIndexMerges#MAX_SEGMENTS} is merged into
 * one and answers exactly as before, one with fewer is left as it is, and after a merge the next
 * waits {@value NameIndexMerges#COOLDOWN_FACTOR} times as long as that one took.
 */
class NameIndexMergesTest {

  private static final int WRITES = 40;

  @TempDir
  Path dir;
  private SqliteDatabase db;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("store.db"));
    for (String index : List.of("many_fts", "few_fts")) {
      db.write(tx -> tx.update("CREATE VIRTUAL TABLE " + index
          + " USING fts5(name_key, tokenize = 'trigram case_sensitive 1')"));
    }
    writeSegments("many_fts");
    for (int i = 0; i < 2; i++) {
      String name = "few-" + i;
      db.write(tx -> tx.update("INSERT INTO few_fts (name_key) VALUES (?)", name));
    }
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void anIndexOfManySegmentsIsMergedIntoOneAndAnswersAsBefore() {
    NameIndexMerges merges = new NameIndexMerges(db);
    assertThat(merges.indexes()).containsExactly("few_fts", "many_fts");
    assertThat(merges.segments("many_fts")).isGreaterThan(NameIndexMerges.MAX_SEGMENTS);
    List<Long> zebras = matches("zebra");
    List<Long> spaces = matches("space");
    assertThat(zebras).hasSize((WRITES + 6) / 7);

    merges.run();

    assertThat(merges.segments("many_fts")).isEqualTo(1);
    assertThat(matches("zebra")).isEqualTo(zebras);
    assertThat(matches("space")).isEqualTo(spaces).hasSize(WRITES);
    db.write(tx -> tx.update("INSERT INTO many_fts (many_fts) VALUES ('integrity-check')"));
  }

  @Test
  void anIndexOfFewSegmentsIsLeftAsItIs() {
    NameIndexMerges merges = new NameIndexMerges(db);
    int before = merges.segments("few_fts");
    assertThat(before).isBetween(2, NameIndexMerges.MAX_SEGMENTS);

    merges.run();

    assertThat(merges.segments("few_fts")).isEqualTo(before);
  }

  @Test
  void afterAMergeTheNextWaitsAHundredTimesAsLongAsItTook() {
    AtomicLong now = new AtomicLong();
    // Every reading of the clock moves it on by a millisecond: the merge below "takes" a few.
    NameIndexMerges merges = new NameIndexMerges(db, () -> now.addAndGet(1_000_000));
    merges.run();
    assertThat(merges.segments("many_fts")).isEqualTo(1);
    db.write(tx -> tx.update("CREATE VIRTUAL TABLE later_fts"
        + " USING fts5(name_key, tokenize = 'trigram case_sensitive 1')"));
    writeSegments("later_fts");
    assertThat(merges.segments("later_fts")).isGreaterThan(NameIndexMerges.MAX_SEGMENTS);

    // The merge read the clock at its start (1 ms) and end (2 ms): it took 1 ms, so the next may
    // start at 102 ms. Each run reads the clock once before deciding.
    merges.run(); // at 3 ms
    assertThat(merges.segments("later_fts")).as("too soon after the last merge")
        .isGreaterThan(NameIndexMerges.MAX_SEGMENTS);
    now.addAndGet(96_000_000);
    merges.run(); // at 100 ms
    assertThat(merges.segments("later_fts")).as("still too soon")
        .isGreaterThan(NameIndexMerges.MAX_SEGMENTS);

    now.addAndGet(2_000_000);
    merges.run(); // at 103 ms
    assertThat(merges.segments("later_fts")).isEqualTo(1);
  }

  /** {@value #WRITES} names, each in a write transaction of its own (so a segment of its own). */
  private void writeSegments(String index) {
    for (int i = 0; i < WRITES; i++) {
      String name = "space-" + i + (i % 7 == 0 ? "-zebra" : "");
      db.write(tx -> tx.update("INSERT INTO " + index + " (name_key) VALUES (?)", name));
    }
  }

  private List<Long> matches(String term) {
    return db.read(tx -> tx.query("SELECT rowid FROM many_fts WHERE many_fts MATCH ?"
        + " ORDER BY rowid", rs -> rs.getLong(1), "\"" + term + "\""));
  }
}
