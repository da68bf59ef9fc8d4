package dev.spaceport.server.users;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.User;
import dev.spaceport.api.UserCreateRequest;
import dev.spaceport.api.UserCreated;
import dev.spaceport.api.UserList;
import dev.spaceport.api.UserUpdateRequest;
import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.audit.Actor;
import dev.spaceport.server.audit.AuditEvent;
import dev.spaceport.server.audit.AuditLog;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.Fields;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.Page;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.ConstraintViolation;
import dev.spaceport.server.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The rules for account-level users. */
public final class UserService {

  static final Set<String> STATUSES = Set.of("active", "invited", "expired");
  private static final int MAX_EMAIL = 254;

  private final Database db;
  private final Access access;
  private final Clock clock;
  private final Cursors cursors;
  private final UserStore users = new UserStore();

  public UserService(Database db, Access access, Clock clock, Cursors cursors) {
    this.db = db;
    this.access = access;
    this.clock = clock;
    this.cursors = cursors;
  }

  static String listScope(String email, List<String> statuses) {
    return "users|email=" + (email == null ? "" : UserStore.emailKey(email))
        + "|status=" + String.join(",", statuses.stream()
            .map(s -> s.toLowerCase(Locale.ROOT)).sorted().toList());
  }

  UserList list(Caller caller, String email, List<String> rawStatuses, PageRequest page) {
    List<String> statuses = rawStatuses.stream().map(UserService::status).toList();
    Long onlySelf = access.usersVisibleOnly(caller).orElse(null);
    String emailFilter = email == null || email.isEmpty() ? null : email;
    Page<User> result = db.read(tx -> Page.of(
        users.list(tx, onlySelf, emailFilter, statuses, page), page, UserRow::sortKey, cursors)
        .map(UserRow::toWire));
    return new UserList(result.items(), result.pagination());
  }

  User get(Caller caller, PublicId id) {
    return db.read(tx -> findVisible(tx, caller, id).toWire());
  }

  UserCreated create(Actor actor, UserCreateRequest request) {
    access.requireAccountAdmin(actor.caller(), "create users");
    String name = Fields.required(request.name(), "name", 1, Fields.MAX_NAME);
    String email = validEmail(Fields.required(request.email(), "email", 3, MAX_EMAIL));
    PredefinedRole role = accountRole(request);
    String inviteMode = Fields.present(request.inviteMode(), "invite_mode");
    switch (inviteMode) {
      case "none", "NONE" -> { }
      case "email_link", "temporary_password", "EMAIL_LINK", "TEMPORARY_PASSWORD" ->
          throw ApiProblem.unprocessable("Spaceport sends no email, so invite_mode '" + inviteMode
              + "' is not available; use 'none' to create an active user");
      default -> throw ApiProblem.badRequest(
          "'invite_mode' must be one of none, email_link, temporary_password");
    }
    boolean developer = request.isDeveloper() != null ? request.isDeveloper()
        : role != PredefinedRole.ANNOTATOR;
    try {
      UserRow user = db.write(tx -> {
        UserRow created = users.insert(tx, name, email, role.wireName(), developer,
            clock.millis());
        recordCreated(tx, actor, created);
        return created;
      });
      return UserCreated.of(user.toWire(), "none");
    } catch (ConstraintViolation e) {
      if (!e.isUnique()) {
        throw e;
      }
      throw ApiProblem.conflict("a user with email '" + email + "' already exists");
    }
  }

  User update(Actor actor, PublicId id, UserUpdateRequest request) {
    Caller caller = actor.caller();
    String name = Fields.optionalNonEmpty(request.name(), "name", Fields.MAX_NAME);
    if (name == null && request.isDeveloper() == null) {
      throw ApiProblem.badRequest("at least one of 'name' or 'is_developer' must be provided");
    }
    return db.write(tx -> {
      UserRow old = findVisible(tx, caller, id);
      access.requireAccountAdmin(caller, "update users");
      UserRow updated = new UserRow(old.id(), old.suffix(), name == null ? old.name() : name,
          old.email(), old.accountRole(), old.status(),
          request.isDeveloper() == null ? old.isDeveloper() : request.isDeveloper(),
          old.createdAt());
      users.update(tx, updated);
      AuditLog.record(tx, actor, AuditEvent.of("user.update", IdType.User, old.publicId())
          .before(auditValues(old)).after(auditValues(updated)));
      return updated.toWire();
    });
  }

  /** Idempotent: deleting a user who is already deleted succeeds again. */
  void delete(Actor actor, PublicId id) {
    access.requireAccountAdmin(actor.caller(), "delete users");
    db.write(tx -> {
      UserRow user = users.findLive(tx, id).orElse(null);
      if (user == null) {
        if (users.existsEver(tx, id)) {
          return null;
        }
        throw ApiProblem.notFound("user");
      }
      if (user.accountRole().equals("admin") && users.countOtherLiveAdmins(tx, user.id()) == 0) {
        throw ApiProblem.conflict("cannot delete the last account admin");
      }
      users.delete(tx, user.id(), clock.millis());
      AuditLog.record(tx, actor, AuditEvent.of("user.delete", IdType.User, user.publicId())
          .before(auditValues(user)));
      return null;
    });
  }

  /** Records a new user; also used for the first account admin, created by the server. */
  public static void recordCreated(dev.spaceport.server.store.Tx tx, Actor actor, UserRow user)
      throws java.sql.SQLException {
    AuditLog.record(tx, actor, AuditEvent.of("user.create", IdType.User, user.publicId())
        .after(auditValues(user)));
  }

  /** What the audit log keeps of a user. */
  private static Map<String, Object> auditValues(UserRow user) {
    return AuditEvent.values("name", user.name(), "email", user.email(), "role",
        AuditEvent.values("type", "predefined", "name", user.accountRole()), "status",
        user.status(), "is_developer", user.isDeveloper());
  }

  private UserRow findVisible(dev.spaceport.server.store.Tx tx, Caller caller, PublicId id)
      throws java.sql.SQLException {
    UserRow user = users.findLive(tx, id).orElseThrow(() -> ApiProblem.notFound("user"));
    if (!access.canSeeUser(caller, user.id())) {
      throw ApiProblem.notFound("user");
    }
    return user;
  }

  /** A status filter as SDK 8.31 spells it ({@code active}) or as later SDKs do ({@code ACTIVE}). */
  private static String status(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!STATUSES.contains(lower)
        || !(value.equals(lower) || value.equals(value.toUpperCase(Locale.ROOT)))) {
      throw ApiProblem.badRequest("'status' must be one of active, invited, expired");
    }
    return lower;
  }

  private static PredefinedRole accountRole(UserCreateRequest request) {
    if (request.role() == null) {
      throw ApiProblem.badRequest("'role' is required");
    }
    if (!request.role().isPredefined()) {
      throw ApiProblem.badRequest("'role.type' must be predefined for users");
    }
    PredefinedRole role = PredefinedRole.parse(request.role().name()).orElse(null);
    if (role == null || role == PredefinedRole.READ_ONLY || request.role().id() != null) {
      throw ApiProblem.badRequest("'role.name' must be one of admin, member, annotator");
    }
    return role;
  }

  private static String validEmail(String email) {
    int at = email.indexOf('@');
    boolean ok = at > 0 && at == email.lastIndexOf('@') && at < email.length() - 1
        && email.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    if (!ok) {
      throw ApiProblem.badRequest("'email' is not a valid email address");
    }
    return email;
  }
}
