package dev.spaceport.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.store.SqliteDatabase;
import dev.spaceport.server.store.Stores;
import dev.spaceport.server.users.UserRow;
import dev.spaceport.server.users.UserStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** last_used_at is written in batches, only ever moves forward, and costs no write per request. */
class KeyUsageTest {

  @Test
  void flushWritesTheLatestUseOfEachKeyOnce() throws Exception {
    Path dir = Files.createTempDirectory("key-usage");
    try (SqliteDatabase db = Stores.openSqlite(dir.resolve("spaceport.db"))) {
      long keyId = db.write(tx -> {
        UserRow user = new UserStore().insert(tx, "u", "u@x.io", "member", true, 1);
        String id = new ApiKeyStore().insertUserKey(tx, user.id(), user.suffix(), "k", null, null,
            ApiKeySecrets.generate(), 1).id();
        return dev.spaceport.server.ids.PublicId.tryParse(id).number();
      });
      AtomicLong now = new AtomicLong(1_000);
      KeyUsage usage = new KeyUsage(db, now::get);

      assertThat(usage.flush()).as("nothing noted, nothing written").isZero();
      usage.used(keyId);
      now.set(2_000);
      usage.used(keyId);
      assertThat(lastUsed(db, keyId)).as("no write per request").isNull();
      assertThat(usage.flush()).isEqualTo(1);
      assertThat(lastUsed(db, keyId)).isEqualTo(2_000L);
      assertThat(usage.flush()).as("each use is written once").isZero();

      // Another node that saw an older use never moves the time backwards.
      KeyUsage slowerNode = new KeyUsage(db, () -> 1_500);
      slowerNode.used(keyId);
      slowerNode.flush();
      assertThat(lastUsed(db, keyId)).isEqualTo(2_000L);
    }
  }

  private static Long lastUsed(SqliteDatabase db, long keyId) {
    // A list, because the mapped value may be null (never used).
    return db.read(tx -> tx.query("SELECT last_used_at FROM api_keys WHERE id = ?",
        rs -> dev.spaceport.server.store.Tx.nullableLong(rs, "last_used_at"), keyId).get(0));
  }
}
