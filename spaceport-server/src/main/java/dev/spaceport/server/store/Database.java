package dev.spaceport.server.store;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The store: transactions over SQLite or PostgreSQL. {@link #write} transactions are atomic and
 * durable when they return; {@link #read} transactions see one consistent snapshot.
 */
public interface Database extends AutoCloseable {

  <T> T read(TxWork<T> work);

  <T> T write(TxWork<T> work);

  /**
   * Runs {@code work}'s statements one by one, each on a snapshot of its own, outside any
   * transaction: for reads whose statements need not agree with one another. On PostgreSQL this
   * saves the round trip that ends a transaction (authentication's single lookup runs on every
   * request); elsewhere it is {@link #read}.
   */
  default <T> T readEach(TxWork<T> work) {
    return read(work);
  }

  Dialect dialect();

  /**
   * A counter that moves whenever a write transaction of this process ends, before the write is
   * acknowledged — present only when this process makes every write to the store (embedded
   * SQLite: one node by design). It lets a cache of reads know that nothing it holds can have
   * changed. Empty on PostgreSQL, where other nodes write too.
   */
  default Optional<LongSupplier> writeEpoch() {
    return Optional.empty();
  }

  /**
   * Upkeep the store needs while it serves, run every minute or so by the server's housekeeping:
   * on SQLite, merging the name indexes' segments ({@link NameIndexMerges}). PostgreSQL maintains
   * its indexes itself (autovacuum), so nothing there.
   */
  default void maintain() {}

  /** True when a trivial query succeeds; used by {@code /readyz}. */
  boolean isReachable();

  @Override
  void close();
}
