package dev.spaceport.server.keys;

import dev.spaceport.api.ApiKey;
import dev.spaceport.api.ApiKeyCreateRequest;
import dev.spaceport.api.ApiKeyCreated;
import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.Fields;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.users.UserRow;
import dev.spaceport.server.users.UserStore;
import java.time.Clock;
import java.time.Instant;

/** Issuing API keys. The plaintext exists once: in the response that creates it. */
public final class ApiKeyService {

  private final Database db;
  private final Access access;
  private final Clock clock;
  private final ApiKeyStore keys = new ApiKeyStore();
  private final UserStore users = new UserStore();

  public ApiKeyService(Database db, Access access, Clock clock) {
    this.db = db;
    this.access = access;
    this.clock = clock;
  }

  /** An account admin mints a key that authenticates as {@code userId}. */
  ApiKeyCreated mintForUser(Caller caller, PublicId userId, ApiKeyCreateRequest request) {
    access.requireAccountAdmin(caller, "create keys for other users");
    String name = Fields.required(request.name(), "name", 1, Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    Instant expiresAt = request.expiresAt();
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw ApiProblem.badRequest("'expires_at' must be in the future");
    }
    String secret = ApiKeySecrets.generate();
    ApiKey key = db.write(tx -> {
      UserRow user = users.findLive(tx, userId).orElseThrow(() -> ApiProblem.notFound("user"));
      return keys.insertUserKey(tx, user.id(), user.suffix(), name, description, expiresAt,
          secret, clock.millis());
    });
    return ApiKeyCreated.of(key, secret);
  }
}
