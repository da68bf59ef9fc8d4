package dev.spaceport.server.keys;

import dev.spaceport.api.ApiKey;
import dev.spaceport.api.ApiKeyCreateRequest;
import dev.spaceport.api.ApiKeyCreated;
import dev.spaceport.api.ApiKeyList;
import dev.spaceport.api.ApiKeyRefreshRequest;
import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.audit.Actor;
import dev.spaceport.server.audit.AuditEvent;
import dev.spaceport.server.audit.AuditLog;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.Fields;
import dev.spaceport.server.http.Json;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.Page;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.users.UserRow;
import dev.spaceport.server.users.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * API keys: callers manage their own; account admins may also mint keys for other users. The
 * plaintext exists once, in the response that creates or refreshes it.
 */
public final class ApiKeyService {

  static final Set<String> KEY_TYPES = Set.of("user", "service");
  static final Set<String> STATUSES = Set.of("active", "deleted");
  static final long MAX_GRACE_SECONDS = Duration.ofDays(30).toSeconds();

  private final Database db;
  private final Access access;
  private final Clock clock;
  private final Cursors cursors;
  private final ApiKeyStore keys = new ApiKeyStore();
  private final UserStore users = new UserStore();

  public ApiKeyService(Database db, Access access, Clock clock, Cursors cursors) {
    this.db = db;
    this.access = access;
    this.clock = clock;
    this.cursors = cursors;
  }

  static String listScope(String keyType, String status) {
    return "api-keys|type=" + (keyType == null ? "" : keyType)
        + "|status=" + (status == null ? "" : status);
  }

  ApiKeyList list(Caller caller, String keyType, String status, PageRequest page) {
    if (keyType != null && !KEY_TYPES.contains(keyType)) {
      throw ApiProblem.badRequest("'key_type' must be user or service");
    }
    if (status != null && !STATUSES.contains(status)) {
      throw ApiProblem.badRequest("'status' must be active or deleted");
    }
    Page<ApiKey> result = db.read(tx -> Page.of(
        keys.list(tx, caller.userId(), keyType, status, page), page, ApiKeyRow::sortKey,
        cursors).map(ApiKeyRow::toWire));
    return new ApiKeyList(result.items(), result.pagination());
  }

  ApiKeyCreated create(Actor actor, ApiKeyCreateRequest request) {
    return issue(actor, actor.caller().userId(), request, null);
  }

  /** An account admin mints a key that authenticates as {@code userId}. */
  ApiKeyCreated mintForUser(Actor actor, PublicId userId, ApiKeyCreateRequest request) {
    access.requireAccountAdmin(actor.caller(), "create keys for other users");
    return issue(actor, null, request, userId);
  }

  void delete(Actor actor, PublicId keyId) {
    db.write(tx -> {
      ApiKeyRow key = keys.findOwned(tx, keyId, actor.caller().userId())
          .orElseThrow(() -> ApiProblem.notFound("API key"));
      keys.markDeleted(tx, key.id());
      ApiKey before = key.toWire();
      AuditLog.record(tx, actor, AuditEvent.of("api_key.delete", IdType.ApiKey, before.id())
          .before(auditValues(before)));
      return null;
    });
  }

  ApiKeyCreated refresh(Actor actor, PublicId keyId, ApiKeyRefreshRequest request) {
    Caller caller = actor.caller();
    Instant expiresAt = futureOrNull(request.expiresAt());
    Long grace = request.gracePeriodSeconds();
    if (grace != null && (grace < 0 || grace > MAX_GRACE_SECONDS)) {
      throw ApiProblem.badRequest("'grace_period_seconds' must be from 0 to " + MAX_GRACE_SECONDS);
    }
    String secret = ApiKeySecrets.generate();
    ApiKeyRow refreshed = db.write(tx -> {
      ApiKeyRow key = keys.findOwned(tx, keyId, caller.userId())
          .filter(k -> k.status().equals("active"))
          .orElseThrow(() -> ApiProblem.notFound("API key"));
      long now = clock.millis();
      Long graceUntil = grace == null || grace == 0 ? null : now + grace * 1000;
      keys.rotate(tx, key.id(), secret, expiresAt == null ? key.expiresAt()
          : Long.valueOf(expiresAt.toEpochMilli()), graceUntil);
      ApiKeyRow rotated = keys.reload(tx, key.id());
      AuditLog.record(tx, actor, AuditEvent.of("api_key.refresh", IdType.ApiKey,
          rotated.toWire().id()).before(auditValues(key.toWire()))
          .after(AuditEvent.values("name", rotated.name(), "expires_at",
              timestamp(rotated.expiresAt()), "previous_secret_valid_until",
              timestamp(graceUntil))));
      return rotated;
    });
    return ApiKeyCreated.of(refreshed.toWire(), secret);
  }

  private ApiKeyCreated issue(Actor actor, Long ownUserId, ApiKeyCreateRequest request,
      PublicId forUser) {
    String name = Fields.required(request.name(), "name", 1, Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    if (request.keyType() != null && !request.keyType().equalsIgnoreCase("user")) {
      throw ApiProblem.badRequest("only user keys can be created here; 'key_type' must be user");
    }
    Instant expiresAt = futureOrNull(request.expiresAt());
    String secret = ApiKeySecrets.generate();
    ApiKey key = db.write(tx -> {
      UserRow owner = forUser != null
          ? users.findLive(tx, forUser).orElseThrow(() -> ApiProblem.notFound("user"))
          : users.findLiveById(tx, ownUserId).orElseThrow(ApiProblem::unauthorized);
      ApiKey created = keys.insertUserKey(tx, owner.id(), owner.suffix(), name, description,
          expiresAt, secret, clock.millis());
      recordCreated(tx, actor, created);
      return created;
    });
    return ApiKeyCreated.of(key, secret);
  }

  /** Records a new key (never its secret); also used for the first admin's key. */
  public static void recordCreated(dev.spaceport.server.store.Tx tx, Actor actor, ApiKey key)
      throws java.sql.SQLException {
    AuditLog.record(tx, actor, AuditEvent.of("api_key.create", IdType.ApiKey, key.id())
        .after(auditValues(key)));
  }

  /** What the audit log keeps of a key: never the secret, its hash or its redacted form. */
  private static Map<String, Object> auditValues(ApiKey key) {
    return AuditEvent.values("name", key.name(), "description", key.description(),
        "key_type", key.keyType(), "status", key.status(), "user_id", key.createdByUserId(),
        "expires_at", key.expiresAt() == null ? null : Json.formatTimestamp(key.expiresAt()));
  }

  private static String timestamp(Long epochMillis) {
    return epochMillis == null ? null : Json.formatTimestamp(Instant.ofEpochMilli(epochMillis));
  }

  private Instant futureOrNull(Instant expiresAt) {
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw ApiProblem.badRequest("'expires_at' must be in the future");
    }
    return expiresAt;
  }
}
