package dev.spaceport.server.idempotency;

import dev.spaceport.server.access.Caller;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.Authenticator;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.store.ConstraintViolation;
import dev.spaceport.server.store.Database;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Honours {@code Idempotency-Key} on POSTs. The first successful response for (API key, idempotency
 * key) is stored in the same transaction as the writes it reports, so either both happen or
 * neither; a later request with the same key gets that response replayed byte for byte, for 24
 * hours. The same key with a different request is a 422; a repeat while the first is still running
 * on this node is a 409. If two nodes run the same key at once, the second one's transaction fails
 * on a unique index (the record's primary key, or the resource's own, such as a space name), rolls
 * back, and replays the first one's response — never two writes.
 *
 * <p>Error responses are not stored: a failed request wrote nothing, so running it again is safe.
 *
 * <p>The store never holds the Idempotency-Key or the response in the clear (some responses carry
 * a new API key's secret): the record is keyed by the key's SHA-256 and its body is sealed under a
 * key derived from the Idempotency-Key, see {@link IdempotencySeal}.
 */
public final class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  static final Duration RETENTION = Duration.ofHours(24);
  private static final int MAX_KEY_LENGTH = 255;
  static final int IN_PROGRESS_RETRY_AFTER_SECONDS = 1;

  private final Database db;
  private final Clock clock;
  private final IdempotencyStore store = new IdempotencyStore();
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  public Idempotency(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Wraps a POST handler; requests without the header run as they are. */
  public Handler wrap(Handler handler) {
    return ctx -> {
      String key = ctx.header(HEADER);
      if (key == null) {
        handler.handle(ctx);
        return;
      }
      handle(ctx, validKey(key), handler);
    };
  }

  private void handle(Context ctx, String key, Handler handler) throws Exception {
    Caller caller = Authenticator.caller(ctx);
    byte[] requestHash = hash(ctx);
    String runningKey = caller.keyId() + "|" + key;
    if (!running.add(runningKey)) {
      // Usually a client retrying after it lost the connection to the first attempt. Retry-After
      // tells it this conflict passes (unlike a duplicate name): asked again, it gets the replay.
      ctx.header("Retry-After", Integer.toString(IN_PROGRESS_RETRY_AFTER_SECONDS));
      throw ApiProblem.conflict("a request with this Idempotency-Key is still in progress");
    }
    try {
      Optional<IdempotencyStore.Stored> stored = lookup(caller, key);
      if (stored.isPresent()) {
        replay(ctx, stored.get(), requestHash);
        return;
      }
      try {
        db.write(tx -> {
          runQuietly(handler, ctx);
          byte[] body = ctx.attribute(Responses.BODY);
          if (ctx.statusCode() / 100 == 2 && body != null) {
            long now = clock.millis();
            store.insert(tx, caller.keyId(), key, new IdempotencyStore.Stored(requestHash,
                ctx.statusCode(), "application/json", body), now, notBefore());
          }
          return null;
        });
      } catch (ConstraintViolation | ApiProblem e) {
        // Our transaction rolled back. If that is because another node ran the same key at the
        // same moment (its record, or its write, won a unique index), replay its response.
        Optional<IdempotencyStore.Stored> winner = lookup(caller, key);
        if (winner.isEmpty()) {
          throw e;
        }
        replay(ctx, winner.get(), requestHash);
      }
    } finally {
      running.remove(runningKey);
    }
  }

  private Optional<IdempotencyStore.Stored> lookup(Caller caller, String key) {
    return db.read(tx -> store.find(tx, caller.keyId(), key, notBefore()));
  }

  private static void replay(Context ctx, IdempotencyStore.Stored stored, byte[] requestHash) {
    if (!Arrays.equals(stored.requestHash(), requestHash)) {
      throw ApiProblem.unprocessable(
          "this Idempotency-Key was already used for a different request");
    }
    ctx.header(REPLAYED_HEADER, "true");
    ctx.status(stored.status()).contentType(stored.contentType()).result(stored.body());
  }

  /** Deletes records past their retention; run periodically. */
  public int purgeExpired() {
    return db.write(tx -> store.purge(tx, notBefore()));
  }

  private long notBefore() {
    return clock.millis() - RETENTION.toMillis();
  }

  private static String validKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw ApiProblem.badRequest("'" + HEADER + "' must be 1 to " + MAX_KEY_LENGTH
          + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw ApiProblem.badRequest("'" + HEADER + "' must be printable ASCII");
      }
    }
    return key;
  }

  private static byte[] hash(Context ctx) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((ctx.method() + " " + ctx.path() + "\n").getBytes(StandardCharsets.UTF_8));
      digest.update(ctx.bodyAsBytes());
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** Javalin handlers may throw checked exceptions; inside a transaction they must be unchecked. */
  private static void runQuietly(Handler handler, Context ctx) {
    try {
      handler.handle(ctx);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
