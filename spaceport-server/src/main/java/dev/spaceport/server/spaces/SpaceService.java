package dev.spaceport.server.spaces;

import dev.spaceport.api.Space;
import dev.spaceport.api.SpaceCreateRequest;
import dev.spaceport.api.SpaceList;
import dev.spaceport.api.SpaceUpdateRequest;
import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.access.SpaceGrant;
import dev.spaceport.server.access.SpacePermission;
import dev.spaceport.server.audit.Actor;
import dev.spaceport.server.audit.AuditEvent;
import dev.spaceport.server.audit.AuditLog;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.Fields;
import dev.spaceport.server.http.KeyClaim;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.organizations.OrganizationRow;
import dev.spaceport.server.organizations.OrganizationStore;
import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.NameMatch;
import dev.spaceport.server.paging.Page;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.ConstraintViolation;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.store.RequirementFailed;
import dev.spaceport.server.store.RowNumbersAhead;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.Map;

/** The rules for spaces: no SQL, no HTTP. */
public final class SpaceService {

  private final Database db;
  private final Access access;
  private final Clock clock;
  private final Cursors cursors;
  private final SpaceStore spaces = new SpaceStore();
  private final SpaceMemberStore members = new SpaceMemberStore();
  private final OrganizationStore organizations = new OrganizationStore();
  /** New spaces' numbers on PostgreSQL, drawn a block at a time ({@link #insertRequiring}). */
  private final RowNumbersAhead spaceNumbers = new RowNumbersAhead("spaces", 32);

  public SpaceService(Database db, Access access, Clock clock, Cursors cursors) {
    this.db = db;
    this.access = access;
    this.clock = clock;
    this.cursors = cursors;
  }

  /** The canonical spelling of a list's filters, which its cursors are bound to. */
  static String listScope(String organizationId, String name, NameMatch match) {
    return "spaces|org=" + (organizationId == null ? "" : organizationId)
        + "|name=" + (name == null ? "" : name) + match.scopeSuffix();
  }

  SpaceList list(Caller caller, PublicId organizationId, String name, NameMatch match,
      PageRequest page) {
    if (name != null && name.codePointCount(0, name.length()) > Fields.MAX_NAME) {
      throw ApiProblem.badRequest("'name' must be at most " + Fields.MAX_NAME + " characters");
    }
    Page<Space> result = db.read(tx -> {
      Long orgRow = null;
      if (organizationId != null) {
        OrganizationRow org = organizations.find(tx, organizationId)
            .orElseThrow(() -> ApiProblem.notFound("organization"));
        access.onVisibleOrganization(tx, caller, org.id());
        orgRow = org.id();
      }
      String term = name == null || name.isEmpty() ? null : name;
      return Page.of(term != null && match == NameMatch.EXACT
              ? spaces.listExact(tx, caller, orgRow, term, page)
              : spaces.list(tx, caller, orgRow, term, page), page, SpaceRow::sortKey, cursors)
          .map(SpaceRow::toWire);
    });
    return new SpaceList(result.items(), result.pagination());
  }

  Space get(Caller caller, PublicId spaceId) {
    return db.read(tx -> {
      Found found = findVisible(tx, caller, spaceId);
      found.grant.require(SpacePermission.SPACE_READ, "read it");
      return found.space.toWire();
    });
  }

  /**
   * Creates a space. On PostgreSQL the create's transaction is one round trip to the database: it
   * does not read the organization and the caller's role in it first (nor, for a key this node
   * remembers, look the key up) but sends what they must say as a requirement with its inserts
   * ({@link #insertRequiring}). If the requirement fails, nothing was written, and the create is
   * done the long way: the key looked up, the organization read, and the reason told (401, 404 or
   * 403). With an {@code Idempotency-Key} it goes the long way from the start.
   */
  Space create(KeyClaim claim, SpaceCreateRequest request) {
    try {
      return claim.confirmedIfItThrows(() -> create(claim, request, true));
    } catch (RequirementFailed stale) {
      claim.confirm();
      return create(claim, request, false);
    }
  }

  private Space create(KeyClaim claim, SpaceCreateRequest request, boolean requiring) {
    String name = Fields.required(request.name(), "name", 1, Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    PublicId organizationId = PublicId.parse(
        Fields.present(request.organizationId(), "organization_id"), IdType.Organization,
        "organization_id");
    try {
      // Not inside an outer write (an Idempotency-Key's): a failed requirement would fail it too.
      Space created = db.write(tx -> requiring && tx.dialect().checksRequirements()
          && !tx.isJoined()
          ? insertRequiring(tx, claim, organizationId, name, description)
          : insertAfterReading(tx, confirmed(claim), organizationId, name, description));
      claim.confirmedByWrite();
      return created;
    } catch (ConstraintViolation e) {
      if (e.kind() == ConstraintViolation.Kind.FOREIGN_KEY) {
        // On PostgreSQL the organization can be deleted between its lookup and the insert.
        throw ApiProblem.notFound("organization");
      }
      throw duplicateName(e, name);
    }
  }

  /**
   * The create in one round trip (PostgreSQL): the space's number comes from this node's block
   * ({@link RowNumbersAhead}), and what the long way reads first — the organization, the caller's
   * right to create spaces in it, and for a claimed key that the key still names the caller — goes
   * with the inserts as one requirement, checked as they run.
   */
  private Space insertRequiring(Tx tx, KeyClaim claim, PublicId organizationId, String name,
      String description) throws SQLException {
    Actor actor = claim.actor();
    Access.Condition may = Access.spaceCreatorIn(actor.caller(), organizationId.number(),
        organizationId.suffix());
    Access.Condition requirement = claim.requirement().map(key -> key.and(may)).orElse(may);
    SpaceRow space = new SpaceRow(spaceNumbers.next(tx), PublicId.newSuffix(),
        organizationId.number(), name, description == null ? "" : description, clock.millis());
    tx.commitWith(Stream.concat(
        Stream.of(Tx.Statement.require(requirement.sql(), requirement.args().toArray())),
        Arrays.stream(inserts(actor, space, organizationId.encoded())))
        .toArray(Tx.Statement[]::new));
    return space.toWire();
  }

  /** The caller of a claim the store has confirmed for this request (the long way's). */
  private static Actor confirmed(KeyClaim claim) {
    if (claim.requirement().isPresent()) {
      // Confirming here would look the key up while holding the write's lane.
      throw new IllegalStateException("the long way needs a confirmed caller");
    }
    return claim.actor();
  }

  /**
   * The create after reading the organization and the caller's role in it, for a caller whose key
   * the store has confirmed for this request.
   */
  private Space insertAfterReading(Tx tx, Actor actor, PublicId organizationId, String name,
      String description) throws SQLException {
    Caller caller = actor.caller();
    OrganizationStore.ForNewSpace found = organizations
        .findForNewSpace(tx, organizationId, caller.userId())
        .orElseThrow(() -> ApiProblem.notFound("organization"));
    access.onVisibleOrganization(caller, found.role()).requireSpaceCreator();
    OrganizationRow org = found.organization();
    SpaceRow space = new SpaceRow(found.spaceId(), PublicId.newSuffix(), org.id(), name,
        description == null ? "" : description, clock.millis());
    // The space, its creator's membership and the audit record need nothing back: they go
    // with the commit (on PostgreSQL in one round trip, the read before it another), unless an
    // outer write owns it.
    tx.commitWith(inserts(actor, space, org.publicId()));
    return space.toWire();
  }

  /** The space, its creator's membership, and the audit record of the create. */
  private Tx.Statement[] inserts(Actor actor, SpaceRow space, String organizationId) {
    return new Tx.Statement[] {spaces.insert(space),
        members.creator(space, actor.caller().userId(), space.createdAt()),
        AuditLog.statement(actor, AuditEvent.of("space.create", IdType.Space, space.publicId())
            .organization(space.organizationId(), organizationId).after(auditValues(space)))};
  }

  Space update(Actor actor, PublicId spaceId, SpaceUpdateRequest request) {
    Caller caller = actor.caller();
    String name = Fields.optionalNonEmpty(request.name(), "name", Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    if (name == null && description == null) {
      throw ApiProblem.badRequest("at least one of 'name' or 'description' must be provided");
    }
    try {
      return db.write(tx -> {
        Found found = findVisible(tx, caller, spaceId);
        found.grant.require(SpacePermission.SPACE_UPDATE, "update it");
        SpaceRow old = found.space;
        SpaceRow updated = new SpaceRow(old.id(), old.suffix(), old.organizationId(),
            name == null ? old.name() : name,
            description == null ? old.description() : description, old.createdAt());
        spaces.update(tx, updated);
        AuditLog.record(tx, actor, AuditEvent.of("space.update", IdType.Space, old.publicId())
            .organization(old.organizationId()).before(auditValues(old))
            .after(auditValues(updated)));
        return updated.toWire();
      });
    } catch (ConstraintViolation e) {
      throw duplicateName(e, name);
    }
  }

  void delete(Actor actor, PublicId spaceId) {
    db.write(tx -> {
      Found found = findVisible(tx, actor.caller(), spaceId);
      found.grant.require(SpacePermission.SPACE_DELETE, "delete it");
      AuditLog.record(tx, actor, AuditEvent.of("space.delete", IdType.Space,
          found.space.publicId()).organization(found.space.organizationId())
          .before(auditValues(found.space)));
      spaces.delete(tx, found.space.id());
      return null;
    });
  }

  /** The space and the caller's grant on it; 404 if it does not exist or the caller can't see it. */
  Found findVisible(Tx tx, Caller caller, PublicId spaceId) throws SQLException {
    SpaceRow space = spaces.find(tx, spaceId).orElseThrow(() -> ApiProblem.notFound("space"));
    SpaceGrant grant = access.onVisibleSpace(tx, caller, space.id(), space.organizationId());
    return new Found(space, grant);
  }

  /** What the audit log keeps of a space. */
  private static Map<String, Object> auditValues(SpaceRow space) {
    return AuditEvent.values("name", space.name(), "description", space.description());
  }

  private static RuntimeException duplicateName(ConstraintViolation e, String name) {
    if (!e.isUnique()) {
      return e;
    }
    return ApiProblem.conflict("a space named '" + name + "' already exists in this organization");
  }

  record Found(SpaceRow space, SpaceGrant grant) {}
}
