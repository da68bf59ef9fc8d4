package dev.spaceport.server.http;

import dev.spaceport.server.access.Access;
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
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Turns {@code Authorization: Bearer <key>} into a {@link Caller}, or a 401 that never says why.
 * Keys are looked up by their SHA-256 through a unique index, so what the database compares is a
 * hash the caller can't steer byte by byte, never the secret; the row found is then compared to the
 * computed hash once more with {@link MessageDigest#isEqual} (constant time), so a match never
 * rests on the store's collation or comparison alone. A deleted key or user is refused on the very
 * next request.
 *
 * <p>Keys verified before are remembered by hash ({@link VerifiedKeys}). On the embedded store a
 * remembered key is as good as a lookup until the next write. On PostgreSQL another node may have
 * written since, so a remembered key is looked up again, except on a route that confirms it itself:
 * there it is a {@link KeyClaim}, whose check the route's write sends with its own statements
 * ({@link KeyClaim#requirement}), which saves the lookup's round trip; anything that asks for the
 * request's caller before that ({@link #caller}, {@link #actor}) confirms it with a lookup.
 */
public final class Authenticator {

  private static final String CALLER = "spaceport.caller";
  private static final String ACTOR = "spaceport.actor";
  private static final String CLAIM = "spaceport.claim";
  private static final int MAX_KEY_LENGTH = 256;
  /** What makes a key row and its user's row good for a request; binds now and true. */
  private static final String USABLE = """
      k.status = 'active' AND (k.expires_at IS NULL OR k.expires_at > ?)
        AND u.deleted_at IS NULL AND u.status = 'active' AND u.is_developer = ?""";
  private static final String LOOKUP = """
      SELECT k.id AS key_id, k.suffix AS key_suffix, k.key_hash, k.previous_key_hash,
             k.expires_at, k.previous_expires_at, u.id AS user_id, u.suffix AS user_suffix, u.account_role
      FROM api_keys k JOIN users u ON u.id = k.user_id
      WHERE\s""" + USABLE + " AND ";
  /**
   * A remembered key's caller still holds: the lookup would find the same key, by its secret or by
   * its previous one within the grace period, for the same user with the same account role.
   */
  private static final String STILL_HOLDS = "EXISTS (SELECT 1 FROM api_keys k"
      + " JOIN users u ON u.id = k.user_id WHERE " + USABLE
      + " AND k.id = ? AND u.id = ? AND u.account_role = ?"
      + " AND (k.key_hash = ? OR (k.previous_key_hash = ? AND k.previous_expires_at > ?)))";
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
  private final VerifiedKeys verified;
  /** Whether a remembered key needs no confirmation: the embedded store's writes are all ours. */
  private final boolean rememberedIsConfirmed;

  public Authenticator(Database db, Clock clock, KeyUsage usage) {
    this.db = db;
    this.clock = clock;
    this.usage = usage;
    Optional<LongSupplier> writeEpoch = db.writeEpoch();
    // Without a write epoch entries never go stale by it: each use is confirmed instead.
    this.verified = new VerifiedKeys(writeEpoch.orElse(() -> 0));
    this.rememberedIsConfirmed = writeEpoch.isPresent();
  }

  /**
   * Authenticates the request's key: a lookup, unless this node remembers the key. On PostgreSQL
   * a remembered key is looked up all the same unless {@code mayClaim}, the request's route being
   * one that confirms the key itself ({@link #claim}).
   *
   * @return the request's claim, or null when its key is confirmed already (a lookup, or SQLite)
   */
  public KeyClaim authenticate(Context ctx, boolean mayClaim) {
    String key = bearerToken(ctx.header("Authorization"));
    if (key == null || !ApiKeySecrets.isPlausible(key)) {
      throw ApiProblem.unauthorized();
    }
    byte[] hash = ApiKeySecrets.hash(key);
    long now = clock.millis();
    // On PostgreSQL what this node remembers serves only a route that may claim.
    Actor remembered = rememberedIsConfirmed || mayClaim ? verified.find(hash, now) : null;
    if (remembered != null && !rememberedIsConfirmed) {
      Actor claimed = identify(ctx, remembered);
      KeyClaim claim = KeyClaim.unconfirmed(claimed, new Access.Condition(STILL_HOLDS,
          List.of(now, true, claimed.caller().keyId(), claimed.caller().userId(),
              claimed.caller().accountRole(), hash, hash, now)),
          () -> confirm(ctx, hash, now), () -> usage.used(claimed.caller().keyId()));
      ctx.attribute(CLAIM, claim);
      return claim;
    }
    Actor found = remembered != null ? remembered : lookUp(hash, now);
    usage.used(found.caller().keyId());
    identify(ctx, found);
    return null;
  }

  /** Sets the request's caller and actor. */
  private static Actor identify(Context ctx, Actor found) {
    Actor actor = new Actor(found.caller(), found.userId(), found.keyId(), RequestIds.of(ctx));
    ctx.attribute(CALLER, actor.caller());
    ctx.attribute(ACTOR, actor);
    RequestIds.identified(ctx, actor);
    return actor;
  }

  /** Confirms a claimed key with a lookup; a key that no longer holds leaves the request a 401. */
  private Actor confirm(Context ctx, byte[] hash, long now) {
    try {
      Actor found = lookUp(hash, now);
      usage.used(found.caller().keyId());
      return identify(ctx, found);
    } catch (ApiProblem refused) {
      ctx.attribute(CALLER, null);
      ctx.attribute(ACTOR, null);
      RequestIds.unidentified();
      // The per-key limits ran on the claim; a 401 must not show that they did.
      for (String header : RateLimiter.HEADERS) {
        ctx.res().setHeader(header, null);
      }
      throw refused;
    }
  }

  /** The key's caller as the store has it now; remembered until it changes (see the class). */
  private Actor lookUp(byte[] hash, long now) {
    long epoch = verified.epoch();
    // Each lookup is one statement, so it needs no transaction of its own.
    Match match = db.readEach(tx -> tx.queryOne(LOOKUP + "k.key_hash = ?", MATCH, now, true, hash)
            .filter(m -> MessageDigest.isEqual(m.keyHash(), hash))
            .map(m -> new Match(m.actor(), m.keyHash(), null, m.expiresAt(), Long.MAX_VALUE))
            .or(() -> previousSecret(tx, hash, now)
                .filter(m -> MessageDigest.isEqual(m.previousKeyHash(), hash))))
        .orElse(null);
    if (match == null) {
      verified.forget(hash);
      throw ApiProblem.unauthorized();
    }
    verified.remember(hash, new VerifiedKeys.Entry(match.actor(), epoch, match.expiresAt(),
        match.previousExpiresAt()));
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

  /**
   * The authenticated caller of this request, confirmed by the store for it; only valid on
   * {@code /v2} routes.
   */
  public static Caller caller(Context ctx) {
    confirmClaim(ctx);
    return claimedCaller(ctx);
  }

  /**
   * The caller of this request as the audit log records it (user, key and request IDs); only valid
   * on {@code /v2} routes. Services that write take this rather than the bare {@link Caller}.
   */
  public static Actor actor(Context ctx) {
    confirmClaim(ctx);
    Actor actor = ctx.attribute(ACTOR);
    if (actor == null) {
      throw ApiProblem.unauthorized();
    }
    return actor;
  }

  /**
   * The request's caller as a claim, for a write that confirms it with its own statements
   * ({@link KeyClaim#requirement}); already confirmed where the key was looked up for this request.
   */
  public static KeyClaim claim(Context ctx) {
    KeyClaim claim = ctx.attribute(CLAIM);
    return claim != null ? claim : KeyClaim.confirmed(actor(ctx));
  }

  /**
   * The caller the request's key names, claimed or confirmed: for what may go by the key alone
   * (the per-key limits) before a claim is confirmed.
   */
  public static Caller claimedCaller(Context ctx) {
    Caller caller = ctx.attribute(CALLER);
    if (caller == null) {
      throw ApiProblem.unauthorized();
    }
    return caller;
  }

  private static void confirmClaim(Context ctx) {
    KeyClaim claim = ctx.attribute(CLAIM);
    if (claim != null) {
      claim.confirm();
    }
  }

  /**
   * The authenticated (or claimed) key's public ID, or null when the request is not
   * authenticated.
   */
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
