package dev.spaceport.server.paging;

import dev.spaceport.server.store.Database;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The cursor signing key lives in the database, created once by whichever node starts first, so
 * every node accepts every other node's cursors.
 */
public final class SigningKeys {

  private static final String CURSOR_KEY = "cursor_signing_key";

  private SigningKeys() {}

  public static byte[] cursorKey(Database db) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    String stored = db.write(tx -> {
      tx.update("INSERT INTO server_settings (name, value) VALUES (?, ?) "
          + "ON CONFLICT (name) DO NOTHING", CURSOR_KEY, HexFormat.of().formatHex(fresh));
      return tx.queryOne("SELECT value FROM server_settings WHERE name = ?",
          rs -> rs.getString(1), CURSOR_KEY).orElseThrow();
    });
    return HexFormat.of().parseHex(stored);
  }
}
