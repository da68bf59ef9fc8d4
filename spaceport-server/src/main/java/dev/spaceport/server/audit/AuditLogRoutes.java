package dev.spaceport.server.audit;

import static dev.spaceport.server.http.Authenticator.caller;

import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.QueryParams;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code GET /v2/audit-logs}: the audit log, filtered and keyset-paged. */
public final class AuditLogRoutes {

  /** The resource types that changes are recorded for. */
  static final Set<String> RESOURCE_TYPES = Set.of(IdType.Space.name(),
      IdType.Organization.name(), IdType.User.name(), IdType.Role.name(),
      IdType.RoleBinding.name(), IdType.ApiKey.name());
  private static final Pattern ACTION = Pattern.compile("[a-z_]+(\\.[a-z_]+){1,3}");
  private static final int MAX_ACTION = 64;

  private final AuditLogService audit;
  private final PageRequests pages;

  public AuditLogRoutes(AuditLogService audit, PageRequests pages) {
    this.audit = audit;
    this.pages = pages;
  }

  public void register(RoutesConfig routes) {
    routes.get("/v2/audit-logs", ctx -> {
      AuditLogFilter filter = filter(ctx);
      Responses.ok(ctx, audit.list(caller(ctx), filter, pages.read(ctx, filter.scope())));
    });
  }

  static AuditLogFilter filter(Context ctx) {
    String resourceType = blankToNull(QueryParams.single(ctx, "resource_type"));
    if (resourceType != null && !RESOURCE_TYPES.contains(resourceType)) {
      throw ApiProblem.badRequest("'resource_type' must be one of "
          + String.join(", ", RESOURCE_TYPES.stream().sorted().toList()));
    }
    String resourceId = blankToNull(QueryParams.single(ctx, "resource_id"));
    if (resourceId != null) {
      PublicId id = PublicId.tryParse(resourceId);
      if (id == null) {
        throw ApiProblem.badRequest("'resource_id' is not a valid ID");
      }
      if (resourceType != null && !id.type().name().equals(resourceType)) {
        throw ApiProblem.badRequest("'resource_id' is a " + id.type().name()
            + " ID, but 'resource_type' is " + resourceType);
      }
    }
    String actor = blankToNull(QueryParams.single(ctx, "actor_user_id"));
    if (actor != null) {
      PublicId.parse(actor, IdType.User, "actor_user_id");
    }
    String action = blankToNull(QueryParams.single(ctx, "action"));
    if (action != null && (action.length() > MAX_ACTION || !ACTION.matcher(action).matches())) {
      throw ApiProblem.badRequest("'action' must look like 'space.create' or 'space.user.add'");
    }
    Instant since = instant(ctx, "since");
    Instant until = instant(ctx, "until");
    if (since != null && until != null && !since.isBefore(until)) {
      throw ApiProblem.badRequest("'since' must be before 'until'");
    }
    return new AuditLogFilter(resourceType, resourceId, actor, action, since, until);
  }

  private static Instant instant(Context ctx, String name) {
    String raw = blankToNull(QueryParams.single(ctx, name));
    if (raw == null) {
      return null;
    }
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(raw, Instant::from);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("'" + name + "' must be an RFC 3339 date-time such as "
          + "2026-06-01T09:30:00Z (percent-encode a '+' offset as %2B)");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
