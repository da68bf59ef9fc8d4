package dev.spaceport.server.http;

import dev.spaceport.server.audit.Actor;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keys this node has verified against the store, by hash, while the store is unchanged: on the
 * embedded store every write is this process's own, so an entry verified under a
 * {@linkplain dev.spaceport.server.store.Database#writeEpoch write epoch} stays true until the
 * epoch moves — which any committed write does (a key deleted or refreshed, a user deleted,
 * switched off or given another role, and the routine key-usage flush alike) before it is
 * acknowledged. The next request after such a write therefore goes back to the store, as the
 * contract's "refused on the very next request" needs. Expiry is the one change time makes on its
 * own, so each entry keeps its deadlines and is checked against the clock on every use.
 *
 * <p>On PostgreSQL other nodes write too, and there is no epoch: an entry (under a constant epoch)
 * is used only by a space's create, as a claim that its write confirms ({@link KeyClaim}); every
 * other request looks its key up. A key the store refuses is forgotten.
 *
 * <p>Authentication was a read transaction of its own on every request (about a tenth of a get's
 * CPU). Only hashes are kept, never secrets, and only successes: an unknown key always asks the
 * store.
 */
final class VerifiedKeys {

  /** Plenty for the keys in active use; when full, everything is forgotten and re-verified. */
  static final int MAX_ENTRIES = 10_000;

  /** A key verified at {@code epoch}, usable while now is before both deadlines. */
  record Entry(Actor actor, long epoch, long expiresAt, long previousExpiresAt) {}

  private final LongSupplier epoch;
  private final Map<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

  VerifiedKeys(LongSupplier epoch) {
    this.epoch = epoch;
  }

  /** The store's write epoch now; read it before the read transaction that verifies a key. */
  long epoch() {
    return epoch.getAsLong();
  }

  /** The caller of a key verified since the last write (on SQLite; see the class), or null. */
  Actor find(byte[] hash, long now) {
    Entry entry = entries.get(ByteBuffer.wrap(hash));
    if (entry == null || entry.epoch() != epoch.getAsLong() || now >= entry.expiresAt()
        || now >= entry.previousExpiresAt()) {
      return null;
    }
    return entry.actor();
  }

  /** Forgets a key the store has refused. */
  void forget(byte[] hash) {
    entries.remove(ByteBuffer.wrap(hash));
  }

  void remember(byte[] hash, Entry entry) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(ByteBuffer.wrap(hash.clone()), entry);
  }
}
