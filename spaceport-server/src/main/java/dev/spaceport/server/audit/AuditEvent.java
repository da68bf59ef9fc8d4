package dev.spaceport.server.audit;

import dev.spaceport.server.ids.IdType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change to record: the action, the resource it touched, the organization that resource belongs
 * to (if any), and the values that matter before and after. Values are plain JSON-able data (strings,
 * numbers, booleans, lists, maps) and never secrets or hashes.
 */
public final class AuditEvent {

  final String action;
  final IdType resourceType;
  final String resourceId;
  Long organizationRow;
  String organizationId;
  Map<String, Object> before;
  Map<String, Object> after;

  private AuditEvent(String action, IdType resourceType, String resourceId) {
    this.action = Objects.requireNonNull(action);
    this.resourceType = Objects.requireNonNull(resourceType);
    this.resourceId = Objects.requireNonNull(resourceId);
  }

  /**
   * @param action {@code <resource>.<verb>}, e.g. {@code space.create}, {@code space.user.add}
   * @param resourceId the resource's public ID
   */
  public static AuditEvent of(String action, IdType resourceType, String resourceId) {
    return new AuditEvent(action, resourceType, resourceId);
  }

  /** The organization the resource belongs to; its public ID is looked up when recorded. */
  public AuditEvent organization(long row) {
    this.organizationRow = row;
    return this;
  }

  /** The organization the resource belongs to, with its public ID already at hand. */
  public AuditEvent organization(long row, String publicId) {
    this.organizationRow = row;
    this.organizationId = publicId;
    return this;
  }

  public AuditEvent before(Map<String, Object> values) {
    this.before = values;
    return this;
  }

  public AuditEvent after(Map<String, Object> values) {
    this.after = values;
    return this;
  }

  /**
   * An ordered map of alternating names and values, leaving out null values (as responses leave
   * out absent optional fields).
   */
  public static Map<String, Object> values(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must alternate");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        map.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return Collections.unmodifiableMap(map);
  }
}
