package dev.spaceport.server.keys;

import dev.spaceport.server.store.Database;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps {@code last_used_at} roughly current without a write per request: authentication notes
 * the time in memory, and {@link #flush()} (every few seconds, and at shutdown) writes the latest
 * use of each key in one transaction. A node that dies loses at most one interval of "last used"
 * times, never a real write.
 */
public final class KeyUsage {

  private final Database db;
  private final LongSupplier clockMillis;
  private final Map<Long, Long> pending = new ConcurrentHashMap<>();

  public KeyUsage(Database db, LongSupplier clockMillis) {
    this.db = db;
    this.clockMillis = clockMillis;
  }

  public void used(long keyId) {
    pending.put(keyId, clockMillis.getAsLong());
  }

  /** Writes the noted uses; returns how many keys were updated. */
  public int flush() {
    if (pending.isEmpty()) {
      return 0;
    }
    // In key order, so that two nodes flushing at once lock the rows in the same order rather
    // than deadlock (PostgreSQL would find it after a second and run the flush again).
    Map<Long, Long> batch = new TreeMap<>(pending);
    batch.forEach(pending::remove);
    return db.write(tx -> {
      int updated = 0;
      for (Map.Entry<Long, Long> use : batch.entrySet()) {
        updated += tx.update("UPDATE api_keys SET last_used_at = ? WHERE id = ? "
            + "AND (last_used_at IS NULL OR last_used_at < ?)",
            use.getValue(), use.getKey(), use.getValue());
      }
      return updated;
    });
  }
}
