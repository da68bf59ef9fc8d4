package dev.spaceport.client;

import dev.spaceport.api.AuditLogEntry;
import dev.spaceport.api.AuditLogList;
import dev.spaceport.client.internal.Query;
import dev.spaceport.client.internal.Requester;
import java.util.Objects;

/**
 * The audit log (Spaceport extension): every change, who made it, with which key, in which
 * request, and the values before and after. Account admins read every record, organization
 * admins the records of their organizations; anyone else gets a
 * {@link dev.spaceport.client.errors.ForbiddenException}.
 */
public final class AuditLogsClient {

  private final Requester requester;

  AuditLogsClient(Requester requester) {
    this.requester = requester;
  }

  /** One page of records, oldest first. */
  public Page<AuditLogEntry> list(AuditLogListParams params) {
    Objects.requireNonNull(params, "params");
    AuditLogList list = requester.get("/v2/audit-logs", Query.of(
        "resource_type", params.resourceType(),
        "resource_id", params.resourceId(),
        "actor_user_id", params.actorUserId(),
        "action", params.action(),
        "since", params.since() == null ? null : params.since().toString(),
        "until", params.until() == null ? null : params.until().toString(),
        "limit", params.limit(),
        "cursor", params.cursor()), AuditLogList.class);
    return Query.page(list.auditLogs(), list.pagination());
  }

  /** Every record matching the filters, fetched a page at a time as the iteration needs it. */
  public PagedIterable<AuditLogEntry> listAll(AuditLogListParams params) {
    Objects.requireNonNull(params, "params");
    return new PagedIterable<>(params.cursor(), cursor -> list(params.withCursor(cursor)));
  }
}
