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
    tx.updateAll(insert(actor, event, organizationId));
  }

  /**
   * The statement that records {@code event}, for a caller that runs it along with other writes of
   * the same transaction ({@link Tx#updateAll}) — which it must, for the record to commit with the
   * change. The event must carry its organization's public ID, if it has an organization.
   */
  public static Tx.Statement statement(Actor actor, AuditEvent event) {
    if (event.organizationRow != null && event.organizationId == null) {
      throw new IllegalArgumentException("the organization's public ID is needed: " + event.action);
    }
    return insert(actor, event, event.organizationId);
  }

  /** The record's INSERT; logged (debug) here, the one place every record is made. */
  private static Tx.Statement insert(Actor actor, AuditEvent event, String organizationId) {
    LOG.debug("audit: {} {} {}", event.action, event.resourceType, event.resourceId);
    return new Tx.Statement("""
        INSERT INTO audit_logs (suffix, created_at, action, resource_type, resource_id,
                                organization_row, organization_id, actor_user_id, actor_key_id,
                                request_id, before_json, after_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        PublicId.newSuffix(), System.currentTimeMillis(), event.action,
        event.resourceType.name(), event.resourceId, event.organizationRow, organizationId,
        actor.userId(), actor.keyId(), actor.requestId(), json(event.before), json(event.after));
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
