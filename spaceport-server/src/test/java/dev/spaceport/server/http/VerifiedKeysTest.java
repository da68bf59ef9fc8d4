package dev.spaceport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.access.Caller;
import dev.spaceport.server.audit.Actor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A verified key is remembered only while the store is unchanged and the key's deadlines are
 * ahead: any write moves the epoch, and time alone expires a key or its previous secret.
 * (The API-level behaviour — deleted keys, users and refreshed secrets refused on the next
 * request — is Api2BrokenAuthenticationTest's.)
 */
class VerifiedKeysTest {

  private final AtomicLong epoch = new AtomicLong(7);
  private final VerifiedKeys keys = new VerifiedKeys(epoch::get);
  private final Actor actor = new Actor(new Caller(1, "admin", 2), "user-id", "key-id", null);
  private final byte[] hash = {1, 2, 3};

  @Test
  void aKeyIsRememberedUntilTheNextWrite() {
    keys.remember(hash, new VerifiedKeys.Entry(actor, keys.epoch(), Long.MAX_VALUE,
        Long.MAX_VALUE));
    assertThat(keys.find(new byte[] {1, 2, 3}, 1_000)).isSameAs(actor);
    assertThat(keys.find(new byte[] {1, 2, 4}, 1_000)).isNull();
    epoch.incrementAndGet();
    assertThat(keys.find(hash, 1_000)).isNull();
  }

  @Test
  void anEntryVerifiedBeforeAWriteEndedIsNeverUsed() {
    long before = keys.epoch(); // read before the verifying transaction began
    epoch.incrementAndGet(); // a write ends while it runs
    keys.remember(hash, new VerifiedKeys.Entry(actor, before, Long.MAX_VALUE, Long.MAX_VALUE));
    assertThat(keys.find(hash, 1_000)).isNull();
  }

  @Test
  void timeExpiresAKeyAndAPreviousSecretWithoutAnyWrite() {
    keys.remember(hash, new VerifiedKeys.Entry(actor, keys.epoch(), 5_000, Long.MAX_VALUE));
    assertThat(keys.find(hash, 4_999)).isSameAs(actor);
    assertThat(keys.find(hash, 5_000)).isNull();
    keys.remember(hash, new VerifiedKeys.Entry(actor, keys.epoch(), Long.MAX_VALUE, 3_000));
    assertThat(keys.find(hash, 2_999)).isSameAs(actor);
    assertThat(keys.find(hash, 3_000)).isNull();
  }

  @Test
  void aFullCacheStartsOver() {
    for (int i = 0; i < VerifiedKeys.MAX_ENTRIES; i++) {
      keys.remember(new byte[] {(byte) i, (byte) (i >> 8), 9}, new VerifiedKeys.Entry(actor,
          keys.epoch(), Long.MAX_VALUE, Long.MAX_VALUE));
    }
    keys.remember(hash, new VerifiedKeys.Entry(actor, keys.epoch(), Long.MAX_VALUE,
        Long.MAX_VALUE));
    assertThat(keys.find(hash, 0)).isSameAs(actor);
    assertThat(keys.find(new byte[] {0, 0, 9}, 0)).isNull();
  }
}
