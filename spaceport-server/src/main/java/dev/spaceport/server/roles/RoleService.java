package dev.spaceport.server.roles;

import dev.spaceport.api.Permission;
import dev.spaceport.api.Role;
import dev.spaceport.api.RoleCreateRequest;
import dev.spaceport.api.RoleList;
import dev.spaceport.api.RoleUpdateRequest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rules for roles: anyone reads, account admins write, predefined roles never change. */
public final class RoleService {

  private final Database db;
  private final Access access;
  private final Clock clock;
  private final Cursors cursors;
  private final RoleStore roles = new RoleStore();

  public RoleService(Database db, Access access, Clock clock, Cursors cursors) {
    this.db = db;
    this.access = access;
    this.clock = clock;
    this.cursors = cursors;
  }

  static String listScope(Boolean predefined) {
    return "roles|is_predefined=" + (predefined == null ? "" : predefined);
  }

  RoleList list(Boolean predefined, PageRequest page) {
    Page<Role> result = db.read(tx -> Page.of(roles.list(tx, predefined, page), page,
        RoleRow::sortKey, cursors).map(RoleRow::toWire));
    return new RoleList(result.items(), result.pagination());
  }

  Role get(PublicId id) {
    return db.read(tx -> roles.find(tx, id).orElseThrow(() -> ApiProblem.notFound("role"))
        .toWire());
  }

  Role create(Actor actor, RoleCreateRequest request) {
    access.requireAccountAdmin(actor.caller(), "create roles");
    String name = Fields.required(request.name(), "name", 1, Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    List<Permission> permissions = permissions(Fields.present(request.permissions(),
        "permissions"));
    try {
      return db.write(tx -> {
        RoleRow role = roles.insert(tx, name, description, permissions, clock.millis());
        AuditLog.record(tx, actor, AuditEvent.of("role.create", IdType.Role, role.publicId())
            .after(auditValues(role)));
        return role.toWire();
      });
    } catch (ConstraintViolation e) {
      throw duplicateName(e, name);
    }
  }

  Role update(Actor actor, PublicId id, RoleUpdateRequest request) {
    access.requireAccountAdmin(actor.caller(), "change roles");
    String name = Fields.optionalNonEmpty(request.name(), "name", Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    List<Permission> permissions = request.permissions() == null ? null
        : permissions(request.permissions());
    if (name == null && description == null && permissions == null) {
      throw ApiProblem.badRequest(
          "at least one of 'name', 'description' or 'permissions' must be provided");
    }
    try {
      return db.write(tx -> {
        RoleRow old = findCustom(tx, id, "changed");
        RoleRow updated = new RoleRow(old.id(), old.suffix(), name == null ? old.name() : name,
            description == null ? old.description() : description, false, old.createdAt(),
            Math.max(clock.millis(), old.updatedAt()),
            permissions == null ? old.permissions() : List.copyOf(new java.util.TreeSet<>(permissions)));
        roles.update(tx, updated, permissions);
        AuditLog.record(tx, actor, AuditEvent.of("role.update", IdType.Role, old.publicId())
            .before(auditValues(old)).after(auditValues(updated)));
        return updated.toWire();
      });
    } catch (ConstraintViolation e) {
      throw duplicateName(e, name);
    }
  }

  void delete(Actor actor, PublicId id) {
    access.requireAccountAdmin(actor.caller(), "delete roles");
    db.write(tx -> {
      RoleRow role = findCustom(tx, id, "deleted");
      if (roles.isInUse(tx, role.id())) {
        throw ApiProblem.conflict("the role is still used by role bindings; delete them first");
      }
      roles.delete(tx, role.id());
      AuditLog.record(tx, actor, AuditEvent.of("role.delete", IdType.Role, role.publicId())
          .before(auditValues(role)));
      return null;
    });
  }

  /** What the audit log keeps of a role. */
  private static Map<String, Object> auditValues(RoleRow role) {
    return AuditEvent.values("name", role.name(), "description", role.description(),
        "permissions", role.permissions().stream().map(Enum::name).toList());
  }

  private RoleRow findCustom(dev.spaceport.server.store.Tx tx, PublicId id, String verb)
      throws java.sql.SQLException {
    RoleRow role = roles.find(tx, id).orElseThrow(() -> ApiProblem.notFound("role"));
    if (role.isPredefined()) {
      throw ApiProblem.forbidden("predefined roles cannot be " + verb);
    }
    return role;
  }

  private static List<Permission> permissions(List<String> raw) {
    if (raw.isEmpty()) {
      throw ApiProblem.badRequest("'permissions' must hold at least one permission");
    }
    List<Permission> parsed = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      String value = raw.get(i);
      if (value == null) {
        throw ApiProblem.badRequest("'permissions[" + i + "]' must be a string");
      }
      int index = i;
      parsed.add(Permission.parse(value).orElseThrow(() -> ApiProblem.badRequest(
          "'permissions[" + index + "]' is not a known permission: '" + truncate(value) + "'")));
    }
    return parsed;
  }

  private static String truncate(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "…";
  }

  private static RuntimeException duplicateName(ConstraintViolation e, String name) {
    if (!e.isUnique()) {
      return e;
    }
    return ApiProblem.conflict("a role named '" + name + "' already exists");
  }
}
