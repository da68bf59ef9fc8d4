package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A role as it appears in responses: {@code {"type":"predefined","name":…}} or
 * {@code {"type":"custom","id":…,"name":…}}. A predefined assignment carries no {@code id} key at
 * all, not even a null one, because the reference client rejects it.
 *
 * <p>As a request body the same shape is read leniently (see {@link #type()}): the server accepts
 * the upper-case spellings of later SDKs and ignores a {@code name} sent with a custom role.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoleAssignment(String type, String id, String name) {

  /** The {@code type} of one of the four predefined roles. */
  public static final String PREDEFINED = "predefined";
  /** The {@code type} of a custom role, named by its ID. */
  public static final String CUSTOM = "custom";

  /** A predefined role, as the server writes it (lower case). */
  public static RoleAssignment predefined(PredefinedRole role) {
    return new RoleAssignment(PREDEFINED, null, role.wireName());
  }

  /** A custom role with its name, as responses carry it. */
  public static RoleAssignment custom(String roleId, String roleName) {
    return new RoleAssignment(CUSTOM, roleId, roleName);
  }

  /** True when {@code type} spells "predefined" in either accepted casing. */
  @JsonIgnore
  public boolean isPredefined() {
    return PREDEFINED.equalsIgnoreCase(type);
  }

  /** True when {@code type} spells "custom" in either accepted casing. */
  @JsonIgnore
  public boolean isCustom() {
    return CUSTOM.equalsIgnoreCase(type);
  }
}
