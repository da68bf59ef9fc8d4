package dev.spaceport.server.api;

import static dev.spaceport.server.api.ApiAssertions.assertProblem;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.paging.NameFilter;
import dev.spaceport.server.store.Like;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.BulkLoad;
import dev.spaceport.server.testing.BulkLoad.Row;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code name} filter of the spaces and organizations lists, against brute force: for rare,
 * common and absent terms of one, two and more characters — {@code %}, {@code _}, {@code \} and
 * non-ASCII among them — walking every page gives exactly the spaces whose lower-cased name
 * contains the lower-cased term, in list order, once each, and only the ones the caller can see.
 * The data set is larger than {@link NameFilter#SCAN_WINDOW} several times over, so every plan
 * runs: a page filled by the bounded scan, the name index, and short pages for short terms.
 */
class NameFilterTest {

  static final int SPACES_A = 3 * NameFilter.SCAN_WINDOW;
  static final int SPACES_B = 600;
  static final int ORGANIZATIONS = NameFilter.SCAN_WINDOW + 700;

  static TestServer server;
  static Api admin;
  static Api member;
  static String orgA;
  static String orgB;
  static List<Row> spaces;
  static Set<String> visibleToMember;
  static List<Row> organizations;

  /** Names: common words, digits, and here and there a rare or awkward piece. */
  static String spaceName(int i) {
    StringBuilder name = new StringBuilder(i % 2 == 0 ? "Prod-" : "dev-").append(i);
    if (i == 5 || i == 2_500 || i == 4_100 || i == SPACES_A - 3) {
      name.append("-Quasar");
    }
    if (i % 997 == 0) {
      name.append("-100%");
    }
    if (i % 1_013 == 0) {
      name.append("-a_b");
    }
    if (i % 1_499 == 0) {
      name.append("-back\\slash");
    }
    if (i % 701 == 0) {
      name.append("-Ünïcödé");
    }
    if (i % 911 == 0) {
      name.append("-日本語");
    }
    if (i % 1_201 == 0) {
      name.append("-Straße");
    }
    if (i % 1_301 == 0) {
      name.append("-İstanbul");
    }
    return name.toString();
  }

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    orgA = server.fixtures().organization("name-filter-a");
    orgB = server.fixtures().organization("name-filter-b");
    TestUser user = server.fixtures().user("member");
    server.fixtures().addToOrganization(orgA, user.id(), "member");
    server.fixtures().addToOrganization(orgB, user.id(), "admin");
    member = user.api();
    long base = System.currentTimeMillis() - 10_000_000L;
    try (BulkLoad load = BulkLoad.open(server)) {
      // Three spaces per millisecond in A, one per four in B: the two interleave in list order.
      load.spaces(orgA, SPACES_A, NameFilterTest::spaceName, base, 3);
      load.spaces(orgB, SPACES_B, i -> spaceName(i * 7 + 1) + "-b", base + 1, 1);
      List<Row> inA = load.spacesOf(orgA);
      List<String> memberOf = new ArrayList<>();
      for (int i = 0; i < inA.size(); i += 7) {
        memberOf.add(inA.get(i).id());
      }
      load.spaceMemberships(user.id(), memberOf, "read-only");
      List<Row> inB = load.spacesOf(orgB);
      spaces = Stream.concat(inA.stream(), inB.stream())
          .sorted(Comparator.comparingLong(Row::createdAt).thenComparingLong(Row::rowId))
          .toList();
      visibleToMember = new HashSet<>(memberOf);
      inB.forEach(r -> visibleToMember.add(r.id()));
      load.organizations(ORGANIZATIONS, i -> (i % 3 == 0 ? "Team " : "Org ") + i
          + (i % 500 == 7 ? " Quasar" : "") + (i % 301 == 0 ? " 50%_off" : ""), base, 2);
      organizations = load.organizations();
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Stream<String> terms() {
    return Stream.of(
        // one character: rare, common, absent, LIKE's own characters, non-ASCII
        "q", "Q", "d", "z", "%", "_", "\\", "ß", "日", "ü",
        // two characters
        "qu", "pr", "zz", "%_", "_b", "\\s", "日本", "Ün", "-1",
        // three and more: common, rare (some beyond the first window), absent
        "prod", "PROD-1", "quasar", "QUASAR", "xyzzy", "100%", "0%", "a_b", "k\\sl",
        "ünïc", "ÜNÏCÖDÉ", "日本語", "straße", "strasse", "İstanbul", "stanbul",
        // three characters but no three letters/digits in a row: served like short terms
        "od-1", "%-a", "a_b-");
  }

  @ParameterizedTest
  @MethodSource("terms")
  void everySpaceWhoseNameContainsTheTermOnceInOrder(String term) {
    walkSpaces(admin, term, "", r -> true, 100);
    walkSpaces(admin, term, "org_id=" + seg(orgA) + "&", r -> isIn(r, orgA), 100);
    walkSpaces(member, term, "", r -> visibleToMember.contains(r.id()), 100);
  }

  @ParameterizedTest
  @MethodSource("rareTerms")
  void smallPagesToo(String term) {
    walkSpaces(admin, term, "", r -> true, 3);
    walkSpaces(member, term, "org_id=" + seg(orgB) + "&", r -> isIn(r, orgB), 2);
  }

  static Stream<String> rareTerms() {
    return Stream.of("quasar", "q", "%", "日本語", "İ", "\\");
  }

  @ParameterizedTest
  @MethodSource("organizationTerms")
  void organizationsUseTheSameFilter(String term) {
    List<String> expected = organizations.stream()
        .filter(o -> Like.key(o.name()).contains(Like.key(term))).map(Row::id).toList();
    assertThat(walk(admin, "/v2/organizations?name=" + q(term) + "&limit=100", "organizations",
        Like.isIndexable(term))).isEqualTo(expected);
    List<String> mine = organizations.stream()
        .filter(o -> o.id().equals(orgA) || o.id().equals(orgB))
        .filter(o -> Like.key(o.name()).contains(Like.key(term))).map(Row::id).toList();
    assertThat(walk(member, "/v2/organizations?name=" + q(term) + "&limit=100", "organizations",
        Like.isIndexable(term))).isEqualTo(mine);
  }

  static Stream<String> organizationTerms() {
    return Stream.of("quasar", "team", "q", "%", "%_", "50%_", "xyzzy", "filter-b", "-");
  }

  @Test
  void aShortPageCursorIsBoundToItsFilters() {
    JsonNode page = admin.get("/v2/spaces?name=q&limit=100").expect(200).json();
    assertThat(page.get("spaces")).hasSizeLessThan(100);
    assertThat(page.get("pagination").get("has_more").asBoolean()).isTrue();
    String cursor = page.get("pagination").get("next_cursor").asText();
    assertProblem(admin.get("/v2/spaces?name=qu&cursor=" + q(cursor)), 400, "'cursor'");
    assertProblem(admin.get("/v2/spaces?cursor=" + q(cursor)), 400, "'cursor'");
    assertProblem(admin.get("/v2/spaces?name=q&org_id=" + seg(orgA) + "&cursor=" + q(cursor)),
        400, "'cursor'");
    admin.get("/v2/spaces?name=q&limit=5&cursor=" + q(cursor)).expect(200);
  }

  @Test
  void anEmptyTermIsNoFilter() {
    assertThat(walk(admin, "/v2/spaces?org_id=" + seg(orgB) + "&name=&limit=100", "spaces",
        true)).isEqualTo(spaces.stream().filter(r -> isIn(r, orgB)).map(Row::id).toList());
  }

  private static void walkSpaces(Api caller, String term, String otherFilters,
      Predicate<Row> inScope, int limit) {
    List<String> expected = spaces.stream().filter(inScope)
        .filter(r -> caller != member || visibleToMember.contains(r.id()))
        .filter(r -> Like.key(r.name()).contains(Like.key(term))).map(Row::id).toList();
    List<String> seen = walk(caller, "/v2/spaces?" + otherFilters + "name=" + q(term) + "&limit="
        + limit, "spaces", Like.isIndexable(term));
    assertThat(seen).as("term %s, filters %s, limit %d", term, otherFilters, limit)
        .isEqualTo(expected);
  }

  /**
   * Every item of every page, in order. Pages hold at most {@code limit} items; a page short of
   * {@code limit} may say has_more only for terms the index can't serve.
   */
  static List<String> walk(Api caller, String path, String field, boolean fullPages) {
    int limit = Integer.parseInt(path.replaceAll(".*limit=(\\d+).*", "$1"));
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = caller.get(path + (cursor == null ? "" : "&cursor=" + q(cursor)))
          .expect(200).json();
      JsonNode items = page.get(field);
      JsonNode pagination = page.get("pagination");
      boolean hasMore = pagination.get("has_more").asBoolean();
      assertThat(items.size()).isLessThanOrEqualTo(limit);
      assertThat(pagination.has("next_cursor")).isEqualTo(hasMore);
      if (fullPages && hasMore) {
        assertThat(items.size()).as("a page with more to follow, for %s", path).isEqualTo(limit);
      }
      items.forEach(item -> seen.add(item.get("id").asText()));
      cursor = hasMore ? pagination.get("next_cursor").asText() : null;
      assertThat(++pages).as("pages for %s", path).isLessThan(10_000);
    } while (cursor != null);
    return seen;
  }

  private static boolean isIn(Row space, String org) {
    return spacesOfOrg(org).contains(space.id());
  }

  private static final java.util.Map<String, Set<String>> BY_ORG =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Set<String> spacesOfOrg(String org) {
    return BY_ORG.computeIfAbsent(org, o -> {
      try (BulkLoad load = BulkLoad.open(server)) {
        Set<String> ids = new HashSet<>();
        load.spacesOf(o).forEach(r -> ids.add(r.id()));
        return ids;
      }
    });
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
