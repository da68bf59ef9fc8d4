package dev.spaceport.server.ids;

/** The kinds of object that have public IDs; the enum name is the type written inside the ID. */
public enum IdType {
  Space,
  Organization,
  User,
  Role,
  RoleBinding,
  SpaceMembership,
  OrganizationMembership,
  ApiKey,
  AuditLog
}
