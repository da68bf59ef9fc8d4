package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.paging.NameFilter;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.BulkLoad;
import dev.spaceport.server.testing.TestServer;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The name index follows every change to names: creates, renames, deletes, and deletes that
 * cascade from an organization. The changed rows come after more than
 * {@link NameFilter#SCAN_WINDOW} older ones, so the lists below find them through the index, not
 * the bounded scan. On SQLite the FTS5 tables must also pass their own integrity check against
 * the tables they index.
 */
class NameIndexUpkeepTest {

  static TestServer server;
  static Api admin;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    String filler = server.fixtures().organization("filler");
    long longAgo = System.currentTimeMillis() - 100_000_000L;
    try (BulkLoad load = BulkLoad.open(server)) {
      load.spaces(filler, NameFilter.SCAN_WINDOW + 100, i -> "filler-" + i, longAgo, 1);
      load.organizations(NameFilter.SCAN_WINDOW + 100, i -> "filler-org-" + i, longAgo, 1);
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void spaceNamesStayFindableThroughRenamesAndDeletes() throws Exception {
    String org = server.fixtures().organization("upkeep");
    String alpha = server.fixtures().space(org, "Alpha Quokka");
    assertThat(spacesNamed("quokka")).containsExactly(alpha);

    admin.patch("/v2/spaces/" + seg(alpha), body("name", "Alpha Wombat")).expect(200);
    assertThat(spacesNamed("quokka")).isEmpty();
    assertThat(spacesNamed("WOMBAT")).containsExactly(alpha);

    admin.patch("/v2/spaces/" + seg(alpha), body("description", "name unchanged")).expect(200);
    assertThat(spacesNamed("wombat")).containsExactly(alpha);

    String beta = server.fixtures().space(org, "Beta Wombat");
    assertThat(spacesNamed("wombat")).containsExactly(alpha, beta);
    admin.delete("/v2/spaces/" + seg(beta)).expect(204);
    assertThat(spacesNamed("wombat")).containsExactly(alpha);

    admin.delete("/v2/organizations/" + seg(org)).expect(204);
    assertThat(spacesNamed("wombat")).isEmpty();
    assertIndexesIntact();
  }

  @Test
  void organizationNamesStayFindableThroughRenamesAndDeletes() throws Exception {
    String gamma = server.fixtures().organization("Gamma Numbat");
    assertThat(organizationsNamed("numbat")).containsExactly(gamma);
    admin.patch("/v2/organizations/" + seg(gamma), body("name", "Gamma Dugong")).expect(200);
    assertThat(organizationsNamed("numbat")).isEmpty();
    assertThat(organizationsNamed("dugong")).containsExactly(gamma);
    admin.delete("/v2/organizations/" + seg(gamma)).expect(204);
    assertThat(organizationsNamed("dugong")).isEmpty();
    assertIndexesIntact();
  }

  private static List<String> spacesNamed(String term) {
    return ids("/v2/spaces?name=" + seg(term), "spaces");
  }

  private static List<String> organizationsNamed(String term) {
    return ids("/v2/organizations?name=" + seg(term), "organizations");
  }

  private static List<String> ids(String path, String field) {
    var page = admin.get(path).expect(200).json();
    assertThat(page.get("pagination").get("has_more").asBoolean()).isFalse();
    List<String> ids = new ArrayList<>();
    page.get(field).forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  /** SQLite: FTS5's integrity check, comparing each index with the table it indexes. */
  private static void assertIndexesIntact() throws Exception {
    if (TestServer.onPostgres()) {
      return;
    }
    try (BulkLoad load = BulkLoad.open(server); Statement s = load.connection().createStatement()) {
      for (String index : List.of("spaces_name_fts", "organizations_name_fts")) {
        s.execute("INSERT INTO " + index + " (" + index + ", rank) VALUES ('integrity-check', 1)");
      }
      load.connection().commit();
    }
  }
}
