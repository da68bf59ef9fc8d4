package dev.spaceport.server.bootstrap;

import dev.spaceport.api.ApiKey;
import dev.spaceport.server.audit.Actor;
import dev.spaceport.server.keys.ApiKeySecrets;
import dev.spaceport.server.keys.ApiKeyService;
import dev.spaceport.server.keys.ApiKeyStore;
import dev.spaceport.server.store.ConstraintViolation;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.users.UserRow;
import dev.spaceport.server.users.UserService;
import dev.spaceport.server.users.UserStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;

/**
 * On first start against an empty store, creates the account admin and its API key: the operator's
 * {@code SPACEPORT_ADMIN_API_KEY} if given, else a fresh key written to
 * {@code <data-dir>/admin-api-key} (mode 0600) for the operator to pick up.
 */
public final class AdminBootstrap {

  public static final String KEY_FILE = "admin-api-key";
  static final String ADMIN_EMAIL = "admin@spaceport.local";

  private AdminBootstrap() {}

  /** Returns the generated key when one was created now; empty when the store was not empty. */
  public static Optional<String> ensureAdmin(Database db, Path dataDir, String configuredKey,
      Clock clock) {
    String key = configuredKey != null ? configuredKey : ApiKeySecrets.generate();
    UserStore users = new UserStore();
    boolean created;
    try {
      created = db.write(tx -> {
        if (!users.isEmpty(tx)) {
          return false;
        }
        long now = clock.millis();
        // The predefined roles were seeded by a migration that has no clock; date them now.
        tx.update("UPDATE roles SET created_at = ?, updated_at = ? WHERE is_predefined = ? "
            + "AND created_at = 0", now, now, true);
        UserRow admin = users.insert(tx, "Spaceport Admin", ADMIN_EMAIL, "admin", true, now);
        ApiKey adminKey = new ApiKeyStore().insertUserKey(tx, admin.id(), admin.suffix(),
            "bootstrap admin key", "Created on first start", null, key, now);
        // Recorded as done by the server itself (no actor user, key or request).
        UserService.recordCreated(tx, Actor.SYSTEM, admin);
        ApiKeyService.recordCreated(tx, Actor.SYSTEM, adminKey);
        return true;
      });
    } catch (ConstraintViolation e) {
      // Another node bootstrapped the same database at the same moment.
      return Optional.empty();
    }
    if (!created || configuredKey != null) {
      return Optional.empty();
    }
    writeKeyFile(dataDir.resolve(KEY_FILE), key);
    return Optional.of(key);
  }

  private static void writeKeyFile(Path file, String key) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
