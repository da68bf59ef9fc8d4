package dev.spaceport.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spaceport.server.http.Json;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit log. Every service calls {@link #record} inside the {@code db.write} transaction
 * that makes the change, so the record commits with the change or not at all: a request that fails
 * (a 409, a 403 found after reading) leaves no record, and a change never goes unrecorded.
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private AuditLog() {}

  public static void record(Tx tx, Actor actor, AuditEvent event) throws SQLException {
    String organizationId = event.organizationId;
    if (organizationId == null && event.organizationRow != null) {
      organizationId = tx.queryOne("SELECT suffix FROM organizations WHERE id = ?",
          rs -> rs.getString(1), event.organizationRow)
          .map(suffix -> PublicId.encode(dev.spaceport.server.ids.IdType.Organization,
              event.organizationRow, suffix))
          .orElse(null);
    }
    tx.update("""
        INSERT INTO audit_logs (suffix, created_at, action, resource_type, resource_id,
                                organization_row, organization_id, actor_user_id, actor_key_id,
                                request_id, before_json, after_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        PublicId.newSuffix(), System.currentTimeMillis(), event.action,
        event.resourceType.name(), event.resourceId, event.organizationRow, organizationId,
        actor.userId(), actor.keyId(), actor.requestId(), json(event.before), json(event.after));
    LOG.debug("audit: {} {} {}", event.action, event.resourceType, event.resourceId);
  }

  private static String json(Map<String, Object> values) {
    if (values == null) {
      return null;
    }
    try {
      return Json.MAPPER.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit values must be plain JSON data", e);
    }
  }
}
