package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One change recorded in the audit log (Spaceport extension): who did what to which resource, when,
 * in which request, and the values that changed. Key secrets and hashes are never recorded.
 *
 * @param action what was done, e.g. {@code space.create}, {@code space.user.add}
 * @param resourceType the kind of resource changed: {@code Space}, {@code Organization},
 *     {@code User}, {@code Role}, {@code RoleBinding} or {@code ApiKey}
 * @param organizationId the organization the resource belongs to, when it belongs to one
 * @param actorUserId the user who made the change; absent for changes the server made itself
 * @param actorKeyId the API key the change was made with; absent as for {@code actorUserId}
 * @param requestId the {@code X-Request-Id} of the request that made the change
 * @param before the values that mattered before the change; absent for a creation
 * @param after the values after the change; absent for a deletion
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditLogEntry(
    String id,
    @JsonProperty("created_at") Instant createdAt,
    String action,
    @JsonProperty("resource_type") String resourceType,
    @JsonProperty("resource_id") String resourceId,
    @JsonProperty("organization_id") String organizationId,
    @JsonProperty("actor_user_id") String actorUserId,
    @JsonProperty("actor_key_id") String actorKeyId,
    @JsonProperty("request_id") String requestId,
    Map<String, Object> before,
    Map<String, Object> after) {}
