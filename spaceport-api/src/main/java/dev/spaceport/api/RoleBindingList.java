package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of {@code GET /v2/role-bindings}. */
public record RoleBindingList(
    @JsonProperty("role_bindings") List<RoleBinding> roleBindings, Pagination pagination) {}
