package dev.spaceport.server.paging;

import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.store.Tx;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.BulkLoad;
import dev.spaceport.server.testing.BulkLoad.Row;
import dev.spaceport.server.testing.TestServer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code name_match=exact} is one equality lookup on an index, whatever the substring filter would
 * have to wade through: 20,000 spaces contain the one-letter name {@code q} (a term the substring
 * filter can only serve window by window, ten short pages here), three are named exactly
 * {@code q}. Checked by the plans and, on PostgreSQL, the rows the database read; no timings.
 */
class ExactNameLookupTest {

  static final int SPACES = 20_000;

  static TestServer server;
  static Api admin;
  static String big;
  static List<String> exactQ = new ArrayList<>();
  static SortKey middle;
  static BulkLoad store;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    big = server.fixtures().organization();
    store = BulkLoad.open(server);
    long base = System.currentTimeMillis() - 1_000_000;
    store.spaces(big, SPACES, i -> i == 12_345 ? "q" : "q-" + i, base, 2);
    List<Row> rows = new ArrayList<>(store.spacesOf(big));
    middle = new SortKey(rows.get(SPACES / 2).createdAt(), rows.get(SPACES / 2).rowId());
    for (int o = 0; o < 2; o++) {
      String org = server.fixtures().organization();
      // one space named q before the big organization's, one after
      store.spaces(org, 1, i -> "q", o == 0 ? base - 10 : base + 10 * SPACES, 1);
      rows.addAll(store.spacesOf(org));
    }
    store.analyze();
    rows.sort((a, b) -> a.createdAt() != b.createdAt() ? Long.compare(a.createdAt(), b.createdAt())
        : Long.compare(a.rowId(), b.rowId()));
    rows.stream().filter(r -> r.name().equals("q")).forEach(r -> exactQ.add(r.id()));
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

  @Test
  void oneRequestFindsEverySpaceWithTheNameWhereTheSubstringFilterTakesManyPages() {
    ApiResponse page = admin.get("/v2/spaces?name=q&name_match=exact&limit=100").expect(200);
    assertThat(page.header(NameMatch.HEADER)).isEqualTo("exact");
    List<String> ids = new ArrayList<>();
    page.json().get("spaces").forEach(s -> ids.add(s.get("id").asText()));
    assertThat(ids).hasSize(3).isEqualTo(exactQ);
    assertThat(page.json().get("pagination").get("has_more").asBoolean()).isFalse();

    ApiResponse inBig = admin.get("/v2/spaces?org_id=" + seg(big)
        + "&name=q&name_match=exact&limit=100").expect(200);
    assertThat(inBig.json().get("spaces")).hasSize(1);
    assertThat(inBig.json().get("pagination").get("has_more").asBoolean()).isFalse();

    // The same term as a substring: a short term, so a bounded window per request.
    JsonNode substring = admin.get("/v2/spaces?name=q&limit=100").expect(200).json();
    assertThat(substring.get("pagination").get("has_more").asBoolean()).isTrue();
  }

  @Test
  void theStatementsAreEqualityLookupsOnANameIndex() throws Exception {
    long bigRow = PublicId.parse(big, IdType.Organization, "org").number();
    NameFilter.Source anyOrg = new NameFilter.Source("spaces", "s", List.of(), List.of());
    NameFilter.Source oneOrg = new NameFilter.Source("spaces", "s",
        List.of("s.organization_id = ?"), List.of(bigRow));
    NameFilter.Source organizations = new NameFilter.Source("organizations", "o", List.of(),
        List.of());
    PageRequest first = new PageRequest(100, null, "scope");
    PageRequest deep = new PageRequest(100, middle, "scope");
    for (PageRequest page : List.of(first, deep)) {
      Tx.Statement across = NameFilter.exact(anyOrg, "q", page);
      Tx.Statement within = NameFilter.exact(oneOrg, "q", page);
      Tx.Statement org = NameFilter.exact(organizations, "q", page);
      if (TestServer.onPostgres()) {
        assertThat(indexesRead(across)).containsOnly("spaces_name_order");
        assertThat(rowsRead(across)).isBetween(page == first ? 3L : 1L, 4L);
        // either name index: the unique (organization_id, name), or the name's few rows
        assertThat(indexesRead(within)).isNotEmpty()
            .isSubsetOf("spaces_name", "spaces_name_order");
        assertThat(rowsRead(within)).isBetween(page == first ? 1L : 0L, 4L);
        // (organizations: a handful of rows here, which PostgreSQL rightly reads whole)
      } else {
        assertThat(sqlitePlan(across)).anyMatch(step -> step.startsWith(
            "SEARCH s USING INDEX spaces_name_order (name=?"))
            .noneMatch(step -> step.startsWith("SCAN") || step.contains("TEMP B-TREE"));
        assertThat(sqlitePlan(within)).anyMatch(step -> step.startsWith(
            "SEARCH s USING INDEX spaces_name (organization_id=? AND name=?)"))
            .noneMatch(step -> step.startsWith("SCAN"));
        assertThat(sqlitePlan(org)).anyMatch(step -> step.startsWith(
            "SEARCH o USING INDEX organizations_name (name=?)"))
            .noneMatch(step -> step.startsWith("SCAN"));
      }
    }
  }

  private static List<String> sqlitePlan(Tx.Statement statement) throws SQLException {
    List<String> steps = new ArrayList<>();
    try (PreparedStatement ps = prepare("EXPLAIN QUERY PLAN " + statement.sql(), statement);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        steps.add(rs.getString("detail"));
      }
    }
    store.connection().commit();
    return steps;
  }

  private static JsonNode postgresPlan(Tx.Statement statement) throws Exception {
    try (PreparedStatement ps = prepare("EXPLAIN (ANALYZE, FORMAT JSON) " + statement.sql(),
        statement); ResultSet rs = ps.executeQuery()) {
      rs.next();
      JsonNode plan = new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan");
      store.connection().commit();
      return plan;
    }
  }

  /** Every index the plan reads (it must read no table without one). */
  private static List<String> indexesRead(Tx.Statement statement) throws Exception {
    return nodes(postgresPlan(statement)).filter(n -> n.get("Node Type").asText().contains("Scan"))
        .map(n -> {
          assertThat(n.get("Node Type").asText()).as("plan node")
              .isIn("Index Scan", "Index Only Scan", "Bitmap Index Scan", "Bitmap Heap Scan");
          return n.path("Index Name").asText("(heap)");
        }).filter(name -> !name.equals("(heap)")).toList();
  }

  /** Rows PostgreSQL read from the indexes, as EXPLAIN ANALYZE counts them. */
  private static long rowsRead(Tx.Statement statement) throws Exception {
    return nodes(postgresPlan(statement))
        .filter(n -> n.get("Node Type").asText().contains("Index"))
        .mapToLong(n -> (n.get("Actual Rows").asLong()
            + n.path("Rows Removed by Filter").asLong()) * n.get("Actual Loops").asLong())
        .sum();
  }

  private static Stream<JsonNode> nodes(JsonNode node) {
    List<JsonNode> children = new ArrayList<>();
    node.path("Plans").forEach(children::add);
    return Stream.concat(Stream.of(node), children.stream().flatMap(ExactNameLookupTest::nodes));
  }

  private static PreparedStatement prepare(String sql, Tx.Statement statement)
      throws SQLException {
    PreparedStatement ps = store.connection().prepareStatement(sql);
    for (int i = 0; i < statement.args().length; i++) {
      ps.setObject(i + 1, statement.args()[i]);
    }
    return ps;
  }
}
