package dev.spaceport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.api.SpaceMembership;
import dev.spaceport.client.internal.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Roles are types: constants for the predefined roles, a factory for custom ones. */
class SpaceRoleTest {

  @ParameterizedTest
  @CsvSource({"ADMIN, admin", "MEMBER, member", "READ_ONLY, read-only", "ANNOTATOR, annotator"})
  void predefinedConstantsGoOnTheWireAsArizesLowerCaseSpelling(String constant, String wire)
      throws Exception {
    SpaceRole role = (SpaceRole) SpaceRole.class.getField(constant).get(null);

    assertThat(role).isEqualTo(SpaceRole.predefined(PredefinedRole.valueOf(constant)));
    assertThat(role).isInstanceOf(SpaceRole.Predefined.class);
    assertThat(json(role.toAssignment()))
        .isEqualTo("{\"type\":\"predefined\",\"name\":\"" + wire + "\"}");
  }

  @Test
  void aCustomRoleGoesOnTheWireAsTypeAndIdOnly() {
    SpaceRole role = SpaceRole.custom("Um9sZToxOmFiY2Q=");

    assertThat(role).isEqualTo(new SpaceRole.Custom("Um9sZToxOmFiY2Q="));
    assertThat(json(role.toAssignment()))
        .isEqualTo("{\"type\":\"custom\",\"id\":\"Um9sZToxOmFiY2Q=\"}"); // no name, no nulls
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> SpaceRole.custom(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SpaceRole.predefined(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @CsvSource({"predefined, read-only", "PREDEFINED, READ_ONLY"})
  void responsesAcceptBothEnumSpellings(String type, String name) throws Exception {
    String body = "{\"id\":\"U3BhY2VNZW1iZXJzaGlwOjE6YWJjZA==\",\"user_id\":\"VXNlcjoxOmFiY2Q=\","
        + "\"space_id\":\"U3BhY2U6MTpiRnVM\",\"role\":{\"type\":\"" + type + "\",\"name\":\""
        + name + "\"}}";

    SpaceMembership membership = Json.MAPPER.readValue(body, SpaceMembership.class);

    assertThat(membership.role().isPredefined()).isTrue();
    assertThat(membership.role().isCustom()).isFalse();
    assertThat(PredefinedRole.parse(membership.role().name())).contains(PredefinedRole.READ_ONLY);
  }

  @ParameterizedTest
  @CsvSource({"custom", "CUSTOM"})
  void customRolesInResponsesInEitherSpelling(String type) throws Exception {
    RoleAssignment role = Json.MAPPER.readValue("{\"type\":\"" + type
        + "\",\"id\":\"Um9sZToxOmFiY2Q=\",\"name\":\"auditor\"}", RoleAssignment.class);
    assertThat(role.isCustom()).isTrue();
    assertThat(role.id()).isEqualTo("Um9sZToxOmFiY2Q=");
    assertThat(role.name()).isEqualTo("auditor");
  }

  @Test
  void predefinedRoleParseKnowsExactlyTheTwoSpellingsOfEachRole() {
    for (PredefinedRole role : PredefinedRole.values()) {
      assertThat(PredefinedRole.parse(role.wireName())).contains(role);
      assertThat(PredefinedRole.parse(role.name())).contains(role);
    }
    assertThat(PredefinedRole.parse("Read-Only")).isEmpty();
    assertThat(PredefinedRole.parse("read_only")).isEmpty();
    assertThat(PredefinedRole.parse("owner")).isEmpty();
    assertThat(PredefinedRole.parse(null)).isEmpty();
  }

  private static String json(Object value) {
    try {
      JsonNode tree = Json.MAPPER.readTree(Json.write(value));
      return new String(Json.MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
