package dev.spaceport.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.spaceport.api.AuditLogEntry;
import dev.spaceport.server.access.Access;
import dev.spaceport.server.http.Json;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.paging.SortKey;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.StoreException;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for reading the audit log (writing is {@link AuditLog}). */
final class AuditLogStore {

  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private static final RowMapper<Row> ROW = rs -> new Row(new SortKey(rs.getLong("created_at"),
      rs.getLong("id")), new AuditLogEntry(
          PublicId.encode(IdType.AuditLog, rs.getLong("id"), rs.getString("suffix")),
          Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("action"),
          rs.getString("resource_type"), rs.getString("resource_id"),
          rs.getString("organization_id"), rs.getString("actor_user_id"),
          rs.getString("actor_key_id"), rs.getString("request_id"),
          values(rs.getString("before_json")), values(rs.getString("after_json"))));

  record Row(SortKey sortKey, AuditLogEntry entry) {}

  /**
   * One page of records matching {@code filter}, oldest first. {@code adminOfUser}: only records of
   * organizations that user administers (null: every record, for account admins).
   */
  List<Row> list(Tx tx, AuditLogFilter filter, Long adminOfUser, PageRequest page)
      throws SQLException {
    StringBuilder sql = new StringBuilder("""
        SELECT a.id, a.suffix, a.created_at, a.action, a.resource_type, a.resource_id,
               a.organization_id, a.actor_user_id, a.actor_key_id, a.request_id, a.before_json,
               a.after_json
        FROM audit_logs a
        WHERE (a.created_at, a.id) > (?, ?)""");
    List<Object> args = new ArrayList<>(List.of(page.afterCreatedAt(), page.afterId()));
    if (filter.resourceType() != null) {
      sql.append(" AND a.resource_type = ?");
      args.add(filter.resourceType());
    }
    if (filter.resourceId() != null) {
      sql.append(" AND a.resource_id = ?");
      args.add(filter.resourceId());
    }
    if (filter.actorUserId() != null) {
      sql.append(" AND a.actor_user_id = ?");
      args.add(filter.actorUserId());
    }
    if (filter.action() != null) {
      sql.append(" AND a.action = ?");
      args.add(filter.action());
    }
    if (filter.since() != null) {
      sql.append(" AND a.created_at >= ?");
      args.add(filter.since().toEpochMilli());
    }
    if (filter.until() != null) {
      sql.append(" AND a.created_at < ?");
      args.add(filter.until().toEpochMilli());
    }
    if (adminOfUser != null) {
      sql.append(" AND a.organization_row IN (").append(Access.ADMINISTERED_ORGANIZATIONS)
          .append(')');
      args.add(adminOfUser);
    }
    sql.append(" ORDER BY a.created_at, a.id ").append(Tx.LIMIT);
    args.add(page.fetchSize());
    return tx.query(sql.toString(), ROW, args.toArray());
  }

  private static Map<String, Object> values(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(json, OBJECT);
    } catch (JsonProcessingException e) {
      throw new StoreException("unreadable audit values: " + e.getOriginalMessage(), e);
    }
  }
}
