package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of {@code GET /v2/audit-logs} (Spaceport extension). */
public record AuditLogList(@JsonProperty("audit_logs") List<AuditLogEntry> auditLogs,
    Pagination pagination) {}
