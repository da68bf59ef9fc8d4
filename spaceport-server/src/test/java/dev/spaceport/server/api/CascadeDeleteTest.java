package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting a space or an organization removes everything under it, in the store and not only in
 * what the API shows: the API tests see the 404s, this counts the rows left in the tables. A
 * neighbouring space and organization keep all of theirs, so the delete is not a wider sweep.
 */
class CascadeDeleteTest {

  private static TestServer server;
  private static Api admin;
  private static Fixtures fx;
  private static StoreProbe store;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
    store = StoreProbe.open(server);
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A space with a predefined member and a custom binding, besides its creator's membership. */
  private static String populatedSpace(String org) {
    String space = fx.space(org);
    TestUser member = fx.user("member");
    fx.addToOrganization(org, member.id(), "member");
    fx.addToSpace(space, member.id(), "member");
    fx.bindOnSpace(space, member.id(), fx.role(List.of("SPACE_READ")));
    return space;
  }

  @Test
  void deletingASpaceLeavesNoRowOfIt() {
    String org = fx.organization();
    String doomed = populatedSpace(org);
    String neighbour = populatedSpace(org);
    long space = row(doomed);
    assertThat(rowsOfSpace(space)).containsEntry("space_memberships", 2L)
        .containsEntry("role_bindings", 1L);
    Map<String, Long> neighbourBefore = rowsOfSpace(row(neighbour));

    admin.delete("/v2/spaces/" + seg(doomed)).expect(204);

    assertThat(rowsOfSpace(space)).allSatisfy((table, rows) ->
        assertThat(rows).as("rows of the deleted space in %s", table).isZero());
    assertThat(store.count("SELECT COUNT(*) FROM spaces WHERE id = ?", space)).isZero();
    assertThat(rowsOfSpace(row(neighbour))).isEqualTo(neighbourBefore);
  }

  @Test
  void deletingAnOrganizationLeavesNoRowOfItOrOfItsSpaces() {
    String doomed = fx.organization();
    List<Long> spaces = List.of(row(populatedSpace(doomed)), row(populatedSpace(doomed)));
    String neighbour = fx.organization();
    long neighbourSpace = row(populatedSpace(neighbour));
    long org = row(doomed);
    assertThat(store.count(
        "SELECT COUNT(*) FROM organization_memberships WHERE organization_id = ?", org))
        .isEqualTo(2);
    Map<String, Long> neighbourBefore = rowsOfSpace(neighbourSpace);
    long neighbourMembers = store.count(
        "SELECT COUNT(*) FROM organization_memberships WHERE organization_id = ?", row(neighbour));

    admin.delete("/v2/organizations/" + seg(doomed)).expect(204);

    assertThat(store.count("SELECT COUNT(*) FROM organizations WHERE id = ?", org)).isZero();
    assertThat(store.count(
        "SELECT COUNT(*) FROM organization_memberships WHERE organization_id = ?", org)).isZero();
    assertThat(store.count("SELECT COUNT(*) FROM spaces WHERE organization_id = ?", org))
        .isZero();
    for (long space : spaces) {
      assertThat(rowsOfSpace(space)).allSatisfy((table, rows) ->
          assertThat(rows).as("rows of space %d in %s", space, table).isZero());
    }
    assertThat(store.count(
        "SELECT COUNT(*) FROM organization_memberships WHERE organization_id = ?",
        row(neighbour))).isEqualTo(neighbourMembers).isPositive();
    assertThat(rowsOfSpace(neighbourSpace)).isEqualTo(neighbourBefore);
  }

  /** Rows that belong to a space, per table that refers to spaces. */
  private static Map<String, Long> rowsOfSpace(long space) {
    return Map.of(
        "space_memberships", countBySpace("space_memberships", space),
        "role_bindings", countBySpace("role_bindings", space),
        "api_keys", countBySpace("api_keys", space));
  }

  private static long countBySpace(String table, long space) {
    return store.count("SELECT COUNT(*) FROM " + table + " WHERE space_id = ?", space);
  }

  /** The row number inside a public ID ({@code base64("Type:<row>:<suffix>")}). */
  private static long row(String publicId) {
    String text = new String(Base64.getDecoder().decode(publicId), StandardCharsets.UTF_8);
    return Long.parseLong(text.split(":")[1]);
  }
}
