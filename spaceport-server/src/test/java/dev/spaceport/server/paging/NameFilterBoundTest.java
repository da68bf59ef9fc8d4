package dev.spaceport.server.paging;

import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.store.Dialect;
import dev.spaceport.server.store.TestTx;
import dev.spaceport.server.store.Tx;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.BulkLoad;
import dev.spaceport.server.testing.BulkLoad.Row;
import dev.spaceport.server.testing.TestServer;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sqlite.Function;

/**
 * With 20,000 spaces, a page request for a short term examines a bounded number of rows however
 * rare the term: each page covers exactly {@link NameFilter#SCAN_WINDOW} rows (its cursor says
 * where it stopped), the statements walk the list-order index, never the table, and — counted by
 * the database itself — read at most a window's worth of rows. Terms with a trigram go through
 * the name index instead. No timings: the bounds are structural.
 */
class NameFilterBoundTest {

  static final int SPACES = 20_000;
  static final int W = NameFilter.SCAN_WINDOW;
  /** Where the rare short term "q" occurs: at and around window edges, and deep. */
  static final Set<Integer> Q_AT = Set.of(0, W - 1, W, 2 * W - 1, 7_777, SPACES - 1);

  static TestServer server;
  static Api admin;
  static String org;
  static List<Row> rows;
  static BulkLoad store;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    org = server.fixtures().organization();
    store = BulkLoad.open(server);
    store.spaces(org, SPACES, i -> "bulk-" + i + (Q_AT.contains(i) ? "-q" : "")
        + (i % 4_999 == 3 ? "-quasar" : ""), System.currentTimeMillis() - 1_000_000, 2);
    store.analyze();
    rows = store.spacesOf(org);
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
  void eachPageOfARareShortTermCoversExactlyOneWindow() {
    List<String> found = new ArrayList<>();
    List<Integer> pageEnds = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = admin.get("/v2/spaces?org_id=" + seg(org) + "&name=q&limit=100"
          + (cursor == null ? "" : "&cursor=" + seg(cursor))).expect(200).json();
      page.get("spaces").forEach(s -> found.add(s.get("id").asText()));
      JsonNode pagination = page.get("pagination");
      cursor = pagination.get("has_more").asBoolean()
          ? pagination.get("next_cursor").asText() : null;
      if (cursor != null) {
        pageEnds.add(position(cursor));
      }
    } while (cursor != null);

    List<String> expected = rows.stream().filter(r -> r.name().contains("q")).map(Row::id)
        .toList();
    assertThat(expected).hasSizeGreaterThan(Q_AT.size());
    assertThat(found).isEqualTo(expected);
    List<Integer> windows = new ArrayList<>();
    // The last window holds the rest of the list, so its page is the final one.
    for (int end = W - 1; end < SPACES - 1; end += W) {
      windows.add(end);
    }
    assertThat(pageEnds).as("row positions the cursors point after").isEqualTo(windows);
  }

  @Test
  void aCommonShortTermFillsItsPagesFromTheWindow() {
    JsonNode page = admin.get("/v2/spaces?org_id=" + seg(org) + "&name=1&limit=100").expect(200)
        .json();
    assertThat(page.get("spaces")).hasSize(100);
    String cursor = page.get("pagination").get("next_cursor").asText();
    assertThat(rows.get(position(cursor)).id())
        .isEqualTo(page.get("spaces").get(99).get("id").asText());
  }

  @Test
  void shortTermStatementsReadAtMostOneWindowThroughTheOrderIndex() throws Exception {
    PageRequest deep = new PageRequest(100, key(rows.get(9_000)), "scope");
    Dialect dialect = TestServer.onPostgres() ? Dialect.POSTGRES : Dialect.SQLITE;
    for (NameFilter.Source source : sources()) {
      Tx.Statement end = NameFilter.windowEnd(source, deep);
      SortKey windowEnd = key(rows.get(9_000 + W));
      Tx.Statement window = NameFilter.window(dialect, source, "q", deep, windowEnd);
      if (TestServer.onPostgres()) {
        assertThat(rowsReadOnPostgres(end)).as("the window's keys and one probe past them")
            .isBetween((long) W, W + 1L);
        assertThat(rowsReadOnPostgres(window)).isBetween((long) W - 1, W + 1L);
        assertThat(rowsReadOnPostgres(NameFilter.countedWindow(source, "q", deep, dialect)))
            .isBetween((long) W, W + 1L);
        // A common term the trigram index could answer is still read along the order index.
        assertThat(rowsReadOnPostgres(NameFilter.window(dialect, source, "bulk", deep,
            windowEnd))).isBetween(101L, W + 1L);
      } else {
        // The keys come off the order index (a LIMIT of W), and only they are sorted.
        assertThat(end.args()).contains(W);
        assertThat(sqlitePlan(end)).filteredOn(step -> step.contains(" s "))
            .hasSize(2).allMatch(step -> step.startsWith("SEARCH s")
                && step.contains("USING COVERING INDEX"), "walks an index, never the table");
        assertThat(sqlitePlan(window)).anyMatch(step -> step.contains("USING INDEX spaces_"))
            .noneMatch(step -> step.startsWith("SCAN s") || step.contains("TEMP B-TREE"));
        assertThat(nameTestsOnSqlite(window)).isEqualTo(W);
        Tx.Statement counted = NameFilter.countedWindow(source, "q", deep, dialect);
        // The table is searched along the order index; the one "SCAN s" reads the subquery.
        assertThat(sqlitePlan(counted)).containsExactly("CO-ROUTINE s", "SEARCH s USING INDEX "
            + (source.conditions().isEmpty() ? "spaces_order (created_at>?)"
                : "spaces_org_order (organization_id=? AND created_at>?)"), "SCAN s");
        assertThat(nameTestsOnSqlite(counted)).isEqualTo(W);
      }
    }
  }

  @Test
  void theWindowEndsAtItsLastRowWhenTheListGoesOn() throws SQLException {
    for (NameFilter.Source source : sources()) {
      assertThat(windowEnd(source, 9_000)).as("deep in the list")
          .contains(key(rows.get(9_000 + W)));
      assertThat(windowEnd(source, SPACES - 2 - W)).as("W + 1 rows after the cursor")
          .contains(key(rows.get(SPACES - 2)));
      assertThat(windowEnd(source, SPACES - 1 - W)).as("exactly W rows: the window holds the rest")
          .isEmpty();
      assertThat(windowEnd(source, SPACES - W)).as("W - 1 rows").isEmpty();
    }
  }

  @Test
  void aTermFewInTheNameIndexIsReadThroughItWithoutAWindow() throws SQLException {
    Dialect dialect = TestServer.onPostgres() ? Dialect.POSTGRES : Dialect.SQLITE;
    if (TestServer.onPostgres()) {
      assertThat(dialect.nameIndexCount("spaces", "quasar", NameFilter.FEW_IN_INDEX))
          .as("GIN can't count without building the whole bitmap").isEmpty();
      return;
    }
    assertThat(indexCount("quasar")).isEqualTo((SPACES - 3 + 4_998) / 4_999);
    assertThat(indexCount("bulk")).as("counting stops at the limit")
        .isEqualTo(NameFilter.FEW_IN_INDEX);

    PageRequest first = new PageRequest(100, null, "scope");
    NameFilter.Source organization = sources().get(0);
    Tx tx = TestTx.on(store.connection(), dialect);
    assertThat(nameTestsOnSqlite(() -> assertThat(NameFilter.list(tx, organization, "QUASAR",
        first, rs -> rs.getLong("id")).rows()).hasSize((SPACES - 3 + 4_998) / 4_999)))
        .as("rare: no window read").isZero();
    assertThat(nameTestsOnSqlite(() -> assertThat(NameFilter.list(tx, organization, "zzz",
        first, rs -> rs.getLong("id")).rows()).isEmpty())).as("absent: no window read").isZero();
    assertThat(nameTestsOnSqlite(() -> assertThat(NameFilter.list(tx, organization, "bulk",
        first, rs -> rs.getLong("id")).rows()).hasSize(first.fetchSize())))
        .as("common: the window fills the page").isEqualTo(first.fetchSize());
  }

  private static long indexCount(String term) throws SQLException {
    Tx.Statement count = Dialect.SQLITE.nameIndexCount("spaces", term, NameFilter.FEW_IN_INDEX)
        .orElseThrow();
    try (PreparedStatement ps = prepare(count.sql(), count)) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long n = rs.getLong(1);
        store.connection().commit();
        return n;
      }
    }
  }

  @Test
  void rareTermsWithATrigramGoThroughTheNameIndex() throws Exception {
    PageRequest first = new PageRequest(100, null, "scope");
    NameFilter.Source source = sources().get(0);
    Dialect dialect = TestServer.onPostgres() ? Dialect.POSTGRES : Dialect.SQLITE;
    Tx.Statement indexed = NameFilter.indexed(dialect, source, "quasar", first);
    if (TestServer.onPostgres()) {
      assertThat(postgresPlan(indexed)).contains("spaces_name_trgm");
      // Planned for its own pattern on every use: never prepared on the server, where PostgreSQL
      // could settle on a generic plan that walks the organization in list order. The same
      // statement without the request is prepared there after a few uses (the control).
      assertThat(serverPreparedAfterRepeatedUse(indexed)).isFalse();
      assertThat(serverPreparedAfterRepeatedUse(new Tx.Statement(indexed.sql(), indexed.args())))
          .isTrue();
    } else {
      assertThat(sqlitePlan(indexed)).anyMatch(step -> step.contains("VIRTUAL TABLE INDEX"))
          .anyMatch(step -> step.contains("SEARCH s USING INTEGER PRIMARY KEY"));
    }
    JsonNode page = admin.get("/v2/spaces?org_id=" + seg(org) + "&name=QUASAR&limit=100")
        .expect(200).json();
    assertThat(page.get("spaces")).hasSize((SPACES - 3 + 4_998) / 4_999);
    assertThat(page.get("pagination").get("has_more").asBoolean()).isFalse();
  }

  /** The account admin's list, with and without the organization filter. */
  private static List<NameFilter.Source> sources() {
    long orgRow = PublicId.parse(org, IdType.Organization, "org").number();
    return List.of(
        new NameFilter.Source("spaces", "s", List.of("s.organization_id = ?"), List.of(orgRow)),
        new NameFilter.Source("spaces", "s", List.of(), List.of()));
  }

  /** The position in list order of the row a cursor points after. */
  private static int position(String cursor) {
    ByteBuffer payload = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor), 1, 16);
    SortKey after = new SortKey(payload.getLong(), payload.getLong());
    for (int i = 0; i < rows.size(); i++) {
      if (key(rows.get(i)).equals(after)) {
        return i;
      }
    }
    throw new AssertionError("the cursor points at no row: " + after);
  }

  private static SortKey key(Row row) {
    return new SortKey(row.createdAt(), row.rowId());
  }

  /** {@link NameFilter#windowEnd} for a cursor after the row at {@code position}. */
  private static Optional<SortKey> windowEnd(NameFilter.Source source, int position)
      throws SQLException {
    Tx.Statement end = NameFilter.windowEnd(source,
        new PageRequest(100, key(rows.get(position)), "scope"));
    try (PreparedStatement ps = prepare(end.sql(), end); ResultSet rs = ps.executeQuery()) {
      Optional<SortKey> key = rs.next()
          ? Optional.of(new SortKey(rs.getLong("created_at"), rs.getLong("id")))
          : Optional.empty();
      store.connection().commit();
      return key;
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

  /**
   * How often the statement tests a name (SQLite's {@code instr}, replaced on this connection by
   * a counting twin): once per row it examines.
   */
  private static long nameTestsOnSqlite(Tx.Statement statement) throws SQLException {
    assertThat(statement.sql()).contains(Dialect.SQLITE.contains("s.name_key"));
    return nameTestsOnSqlite(() -> {
      try (PreparedStatement ps = prepare(statement.sql(), statement);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // drain
        }
      }
    });
  }

  /** Work on the test's connection that may throw. */
  private interface SqlWork {
    void run() throws SQLException;
  }

  /** As above, for everything {@code work} runs on the test's connection. */
  private static long nameTestsOnSqlite(SqlWork work) throws SQLException {
    AtomicLong calls = new AtomicLong();
    Connection c = store.connection();
    Function.create(c, "instr", new Function() {
      @Override
      protected void xFunc() throws SQLException {
        calls.incrementAndGet();
        String text = value_text(0);
        String part = value_text(1);
        result(text == null || part == null ? 0 : text.indexOf(part) + 1);
      }
    }, 2, 0);
    try {
      work.run();
    } finally {
      Function.destroy(c, "instr", 2);
      c.commit();
    }
    return calls.get();
  }

  private static String postgresPlan(Tx.Statement statement) throws SQLException {
    try (PreparedStatement ps = prepare("EXPLAIN " + statement.sql(), statement);
        ResultSet rs = ps.executeQuery()) {
      StringBuilder plan = new StringBuilder();
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
      store.connection().commit();
      return plan.toString();
    }
  }

  /**
   * Whether PostgreSQL holds {@code statement} as a prepared statement of the session after ten
   * uses on one fresh connection through {@link Tx} (pgjdbc prepares on the server after five).
   */
  private static boolean serverPreparedAfterRepeatedUse(Tx.Statement statement)
      throws SQLException {
    // A connection of its own: what one check prepares must not be there for the next.
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(),
        server.jdbcUser(), null)) {
      connection.setAutoCommit(false);
      Tx tx = TestTx.on(connection, Dialect.POSTGRES);
      for (int i = 0; i < 10; i++) {
        tx.query(statement, rs -> rs.getLong("id"));
      }
      return tx.exists("SELECT 1 FROM pg_prepared_statements"
          + " WHERE NOT from_sql AND strpos(statement, 'name_key LIKE') > 0");
    }
  }

  /** Rows PostgreSQL read from {@code spaces} and its indexes, as EXPLAIN ANALYZE counts them. */
  private static long rowsReadOnPostgres(Tx.Statement statement) throws Exception {
    try (PreparedStatement ps = prepare("EXPLAIN (ANALYZE, FORMAT JSON) " + statement.sql(),
        statement); ResultSet rs = ps.executeQuery()) {
      rs.next();
      JsonNode plan = new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan");
      store.connection().commit();
      return rowsRead(plan);
    }
  }

  private static long rowsRead(JsonNode node) {
    long read = 0;
    String type = node.get("Node Type").asText();
    if (type.contains("Scan") && !type.equals("Subquery Scan")) { // that one reads its child
      // Never the whole table, nor the name index (a short term has no trigram to look up).
      assertThat(type).as("plan node").isIn("Index Scan", "Index Only Scan", "Bitmap Heap Scan",
          "Bitmap Index Scan");
      if (node.has("Index Name")) {
        assertThat(node.get("Index Name").asText()).isIn("spaces_order", "spaces_org_order");
      }
      if (!type.equals("Bitmap Index Scan")) { // its heap scan counts the same rows
        read += (node.get("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
            + node.path("Rows Removed by Index Recheck").asLong())
            * node.get("Actual Loops").asLong();
      }
    }
    for (JsonNode child : node.path("Plans")) {
      read += rowsRead(child);
    }
    return read;
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
