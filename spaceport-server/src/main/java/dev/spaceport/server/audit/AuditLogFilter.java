package dev.spaceport.server.audit;

import java.time.Instant;

/**
 * The filters of {@code GET /v2/audit-logs}, validated; null means "any".
 *
 * @param since records at or after this instant
 * @param until records before this instant
 */
public record AuditLogFilter(String resourceType, String resourceId, String actorUserId,
    String action, Instant since, Instant until) {

  /** The canonical spelling of the filters, which a page's cursor is bound to. */
  String scope() {
    return "audit-logs|type=" + orEmpty(resourceType) + "|resource=" + orEmpty(resourceId)
        + "|actor=" + orEmpty(actorUserId) + "|action=" + orEmpty(action)
        + "|since=" + (since == null ? "" : since.toEpochMilli())
        + "|until=" + (until == null ? "" : until.toEpochMilli());
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
