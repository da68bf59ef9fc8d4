package dev.spaceport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;

/** What a command prints: the list key in API responses, and the columns of its table. */
enum Kind {
  SPACE("space", "spaces", List.of(col("ID", "id"), col("NAME", "name"),
      col("DESCRIPTION", "description", 50), col("CREATED", "created_at"))),
  ORGANIZATION("organization", "organizations", List.of(col("ID", "id"), col("NAME", "name"),
      col("DESCRIPTION", "description", 50), col("CREATED", "created_at"))),
  USER("user", "users", List.of(col("ID", "id"), col("NAME", "name", 40),
      col("EMAIL", "email"), col("ROLE", "role"), col("STATUS", "status"),
      col("DEVELOPER", "is_developer"), col("CREATED", "created_at"))),
  ROLE("role", "roles", List.of(col("ID", "id"), col("NAME", "name"),
      col("PREDEFINED", "is_predefined"), col("PERMISSIONS", "permissions", 60),
      col("DESCRIPTION", "description", 40))),
  ROLE_BINDING("role binding", "role_bindings", List.of(col("ID", "id"),
      col("ROLE ID", "role_id"), col("USER ID", "user_id"), col("RESOURCE", "resource_type"),
      col("RESOURCE ID", "resource_id"), col("CREATED", "created_at"))),
  API_KEY("API key", "api_keys", List.of(col("ID", "id"), col("NAME", "name", 30),
      col("TYPE", "key_type"), col("STATUS", "status"), col("KEY", "redacted_key"),
      col("EXPIRES", "expires_at"), col("LAST USED", "last_used_at"))),
  SPACE_MEMBERSHIP("membership", "memberships", List.of(col("ID", "id"),
      col("USER ID", "user_id"), col("ROLE", "role"))),
  ORGANIZATION_MEMBERSHIP("membership", "memberships", List.of(col("ID", "id"),
      col("USER ID", "user_id"), col("ROLE", "role"))),
  AUDIT_LOG("audit log record", "audit_logs", List.of(col("ID", "id"),
      col("TIME", "created_at"), col("ACTION", "action"), col("RESOURCE", "resource_type"),
      col("RESOURCE ID", "resource_id"), col("ACTOR", "actor_user_id"),
      col("KEY", "actor_key_id"))),
  PROFILE("profile", "profiles", List.of(col("NAME", "name"), col("HOST", "host"),
      col("SCHEME", "scheme"), col("API KEY", "api_key"), col("DEFAULT", "default")));

  /** One table column: a header and how to get the cell from an item's JSON. */
  record Column(String header, Function<JsonNode, String> cell, int maxWidth) {}

  final String noun;
  final String listKey;
  final List<Column> columns;

  Kind(String noun, String listKey, List<Column> columns) {
    this.noun = noun;
    this.listKey = listKey;
    this.columns = columns;
  }

  /** "spaces", "role bindings": the plural as people say it. */
  String plural() {
    return listKey.replace('_', ' ').replace("api keys", "API keys");
  }

  private static Column col(String header, String field) {
    return col(header, field, 0);
  }

  private static Column col(String header, String field, int maxWidth) {
    return new Column(header, node -> Printer.cell(node.get(field)), maxWidth);
  }
}
