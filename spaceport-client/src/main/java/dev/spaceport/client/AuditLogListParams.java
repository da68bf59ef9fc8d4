package dev.spaceport.client;

import java.time.Instant;

/**
 * Filters and paging for reading the audit log ({@code GET /v2/audit-logs}, a Spaceport
 * extension). Every filter is optional; they combine with AND.
 *
 * @param resourceType {@code Space}, {@code Organization}, {@code User}, {@code Role},
 *     {@code RoleBinding} or {@code ApiKey}
 * @param resourceId only records about this resource
 * @param actorUserId only changes made by this user
 * @param action only this action, e.g. {@code space.create}
 * @param since only records at or after this instant
 * @param until only records before this instant
 * @param limit page size 1–100, or null for the server's default (50)
 * @param cursor where to continue, from a previous page; null for the first page
 */
public record AuditLogListParams(String resourceType, String resourceId, String actorUserId,
    String action, Instant since, Instant until, Integer limit, String cursor) {

  /** No filters: every record the caller may read. */
  public static final AuditLogListParams ALL =
      new AuditLogListParams(null, null, null, null, null, null, null, null);

  /** A builder with no filters set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same filters, continuing after {@code newCursor}. */
  public AuditLogListParams withCursor(String newCursor) {
    return new AuditLogListParams(resourceType, resourceId, actorUserId, action, since, until,
        limit, newCursor);
  }

  /** Builds {@link AuditLogListParams}; everything is optional. */
  public static final class Builder extends PagingBuilder<Builder> {
    private String resourceType;
    private String resourceId;
    private String actorUserId;
    private String action;
    private Instant since;
    private Instant until;

    /** Only records about resources of this type (see {@link AuditLogListParams}). */
    public Builder resourceType(String resourceType) {
      this.resourceType = resourceType;
      return this;
    }

    /** Only records about this resource. */
    public Builder resourceId(String resourceId) {
      this.resourceId = resourceId;
      return this;
    }

    /** Only changes made by this user. */
    public Builder actorUserId(String actorUserId) {
      this.actorUserId = actorUserId;
      return this;
    }

    /** Only this action, e.g. {@code space.create}. */
    public Builder action(String action) {
      this.action = action;
      return this;
    }

    /** Only records at or after this instant. */
    public Builder since(Instant since) {
      this.since = since;
      return this;
    }

    /** Only records before this instant. */
    public Builder until(Instant until) {
      this.until = until;
      return this;
    }

    /** The parameters as set so far. */
    public AuditLogListParams build() {
      return new AuditLogListParams(resourceType, resourceId, actorUserId, action, since, until,
          pageLimit(), pageCursor());
    }
  }
}
