package dev.spaceport.server.store;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * New row numbers of one PostgreSQL table, drawn from its identity sequence a block at a time and
 * handed out by this node, so that a write knows its new row's number before it sends anything and
 * can send all its statements in one round trip ({@link Tx#commitWith}); the draw is one round
 * trip per block. Numbers stay unique across nodes (the sequence hands each out once), and on one
 * node each is larger than the one before (blocks are drawn under the lock, from a sequence that
 * only grows). Numbers drawn and not used when the node stops are never used: gaps, as a rolled
 * back insert leaves too.
 */
public final class RowNumbersAhead {

  private final String draw;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}. */
  private final ArrayDeque<Long> ahead = new ArrayDeque<>();

  /** @param block how many numbers one draw takes */
  public RowNumbersAhead(String table, int block) {
    this.draw = "SELECT " + Dialect.POSTGRES.nextRowNumber(table) + " AS n"
        + " FROM generate_series(1, " + block + ") ORDER BY n";
  }

  /** The next number, drawn in {@code tx} (a PostgreSQL write's) when the block is used up. */
  public long next(Tx tx) throws SQLException {
    if (tx.dialect() != Dialect.POSTGRES) {
      throw new IllegalStateException("row numbers are drawn ahead on PostgreSQL only");
    }
    lock.lock();
    try {
      if (ahead.isEmpty()) {
        List<Long> drawn = tx.query(draw, rs -> rs.getLong(1));
        ahead.addAll(drawn);
      }
      return ahead.removeFirst();
    } finally {
      lock.unlock();
    }
  }
}
