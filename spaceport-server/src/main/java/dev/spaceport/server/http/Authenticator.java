package dev.spaceport.server.http;

import dev.spaceport.server.access.Caller;
import dev.spaceport.server.audit.Actor;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.keys.KeyUsage;
import dev.spaceport.server.keys.ApiKeySecrets;
import dev.spaceport.server.store.Database;
import io.javalin.http.Context;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.StoreException;
import dev.spaceport.server.store.Tx;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns {@code Authorization: Bearer <key>} into a {@link Caller}, or a 401 that never says why.
 * Keys are looked up by their SHA-256 through a unique index, so what the database compares is a
 * hash the caller can't steer byte by byte, never the secret; the row found is then compared to the
 * computed hash once more with {@link MessageDigest#isEqual} (constant time), so a match never
 * rests on the store's collation or comparison alone. A deleted key or user is refused on the very
 * next request.
 */
public final class Authenticator {

  private static final String CALLER = "spaceport.caller";
  private static final String ACTOR = "spaceport.actor";
  private static final int MAX_KEY_LENGTH = 256;
  private static final String LOOKUP = """
      SELECT k.id AS key_id, k.suffix AS key_suffix, k.key_hash, k.previous_key_hash,
             k.expires_at, k.previous_expires_at, u.id AS user_id, u.suffix AS user_suffix, u.account_role
      FROM api_keys k JOIN users u ON u.id = k.user_id
      WHERE k.status = 'active' AND (k.expires_at IS NULL OR k.expires_at > ?)
        AND u.deleted_at IS NULL AND u.status = 'active' AND u.is_developer = ?
        AND\s""";
  private static final RowMapper<Match> MATCH = rs -> new Match(new Actor(
      new Caller(rs.getLong("user_id"), rs.getString("account_role"), rs.getLong("key_id")),
      PublicId.encode(IdType.User, rs.getLong("user_id"), rs.getString("user_suffix")),
      PublicId.encode(IdType.ApiKey, rs.getLong("key_id"), rs.getString("key_suffix")), null),
      rs.getBytes("key_hash"), rs.getBytes("previous_key_hash"),
      deadline(Tx.nullableLong(rs, "expires_at")),
      deadline(Tx.nullableLong(rs, "previous_expires_at")));

  /**
   * A key row found by hash, with the stored hashes to compare in constant time and the instants
   * (epoch millis; {@link Long#MAX_VALUE}: never) at which the key and its previous secret stop.
   */
  private record Match(Actor actor, byte[] keyHash, byte[] previousKeyHash, long expiresAt,
      long previousExpiresAt) {}

  private final Database db;
  private final Clock clock;
  private final KeyUsage usage;
  /** Present on the embedded store only ({@link Database#writeEpoch}). */
  private final VerifiedKeys verified;

  public Authenticator(Database db, Clock clock, KeyUsage usage) {
    this.db = db;
    this.clock = clock;
    this.usage = usage;
    this.verified = db.writeEpoch().map(VerifiedKeys::new).orElse(null);
  }

  public void authenticate(Context ctx) {
    String key = bearerToken(ctx.header("Authorization"));
    if (key == null || !ApiKeySecrets.isPlausible(key)) {
      throw ApiProblem.unauthorized();
    }
    byte[] hash = ApiKeySecrets.hash(key);
    long now = clock.millis();
    Actor found = verified == null ? null : verified.find(hash, now);
    if (found == null) {
      found = lookUp(hash, now);
    }
    usage.used(found.caller().keyId());
    Actor actor = new Actor(found.caller(), found.userId(), found.keyId(), RequestIds.of(ctx));
    ctx.attribute(CALLER, actor.caller());
    ctx.attribute(ACTOR, actor);
    RequestIds.identified(ctx, actor);
  }

  /** The key's caller as the store has it now; remembered, where that is safe, until it changes. */
  private Actor lookUp(byte[] hash, long now) {
    long epoch = verified == null ? 0 : verified.epoch();
    // Each lookup is one statement, so it needs no transaction of its own.
    Match match = db.readEach(tx -> tx.queryOne(LOOKUP + "k.key_hash = ?", MATCH, now, true, hash)
            .filter(m -> MessageDigest.isEqual(m.keyHash(), hash))
            .map(m -> new Match(m.actor(), m.keyHash(), null, m.expiresAt(), Long.MAX_VALUE))
            .or(() -> previousSecret(tx, hash, now)
                .filter(m -> MessageDigest.isEqual(m.previousKeyHash(), hash))))
        .orElseThrow(ApiProblem::unauthorized);
    if (verified != null) {
      verified.remember(hash, new VerifiedKeys.Entry(match.actor(), epoch, match.expiresAt(),
          match.previousExpiresAt()));
    }
    return match.actor();
  }

  private static long deadline(Long millis) {
    return millis == null ? Long.MAX_VALUE : millis;
  }

  /** A refreshed key's old secret still works until its grace period ends. */
  private static Optional<Match> previousSecret(Tx tx, byte[] hash, long now) {
    try {
      return tx.queryOne(LOOKUP + "k.previous_key_hash = ? AND k.previous_expires_at > " + now,
          MATCH, now, true, hash);
    } catch (SQLException e) {
      throw new StoreException("key lookup failed: " + e.getMessage(), e);
    }
  }

  /** The authenticated caller of this request; only valid on {@code /v2} routes. */
  public static Caller caller(Context ctx) {
    Caller caller = ctx.attribute(CALLER);
    if (caller == null) {
      throw ApiProblem.unauthorized();
    }
    return caller;
  }

  /**
   * The caller of this request as the audit log records it (user, key and request IDs); only valid
   * on {@code /v2} routes. Services that write take this rather than the bare {@link Caller}.
   */
  public static Actor actor(Context ctx) {
    Actor actor = ctx.attribute(ACTOR);
    if (actor == null) {
      throw ApiProblem.unauthorized();
    }
    return actor;
  }

  /** The authenticated key's public ID, or null when the request is not authenticated. */
  public static String keyIdOrNull(Context ctx) {
    Actor actor = ctx.attribute(ACTOR);
    return actor == null ? null : actor.keyId();
  }

  private static String bearerToken(String header) {
    if (header == null) {
      return null;
    }
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
      return null;
    }
    String token = header.substring(space + 1).trim();
    if (token.isEmpty() || token.length() > MAX_KEY_LENGTH) {
      return null;
    }
    return token;
  }
}
