package dev.spaceport.server.api;

import static dev.spaceport.server.api.ApiAssertions.assertProblem;
import static dev.spaceport.server.api.ApiAssertions.q;
import static dev.spaceport.server.api.ApiAssertions.texts;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code name_match=exact} on the spaces and organizations lists (ours): the name exactly, as the
 * unique indexes compare names, announced with {@code Spaceport-Name-Match: exact}; cursors bound
 * to the mode; bad use is a 400 naming the parameter. Runs on SQLite and PostgreSQL.
 */
class ExactNameMatchTest {

  static final String HEADER = "Spaceport-Name-Match";

  static TestServer server;
  static Api admin;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String exact(String name) {
    return "/v2/spaces?name=" + q(name) + "&name_match=exact";
  }

  static List<String> ids(ApiResponse response, String field) {
    return texts(response.json().get(field), "id");
  }

  @Test
  void onlyTheExactNameMatchesInEveryOrganizationOrInTheOneGiven() {
    String t = unique("Prod");
    String orgA = server.fixtures().organization();
    String orgB = server.fixtures().organization();
    String inA = server.fixtures().space(orgA, t);
    for (String near : List.of(t.toLowerCase(), t.toUpperCase(), t + "uction", "my-" + t, t + " ",
        " " + t, t.substring(0, t.length() - 1))) {
      server.fixtures().space(orgA, near);
    }
    String inB = server.fixtures().space(orgB, t);
    server.fixtures().space(orgB, t + "-copy");

    ApiResponse all = admin.get(exact(t)).expect(200);
    assertThat(all.header(HEADER)).isEqualTo("exact");
    assertThat(ids(all, "spaces")).containsExactly(inA, inB); // list order
    assertThat(all.json().get("pagination").get("has_more").asBoolean()).isFalse();

    ApiResponse one = admin.get(exact(t) + "&org_id=" + seg(orgB)).expect(200);
    assertThat(one.header(HEADER)).isEqualTo("exact");
    assertThat(ids(one, "spaces")).containsExactly(inB);

    // The same term as a substring filter finds the near misses too, and says nothing.
    ApiResponse substring = admin.get("/v2/spaces?name=" + q(t) + "&limit=100").expect(200);
    assertThat(substring.header(HEADER)).isNull();
    assertThat(ids(substring, "spaces")).hasSize(9).contains(inA, inB);
    ApiResponse explicit = admin.get("/v2/spaces?name=" + q(t) + "&name_match=substring"
        + "&limit=100").expect(200);
    assertThat(explicit.header(HEADER)).isNull();
    assertThat(explicit.json()).isEqualTo(substring.json());

    // Misses: other case, a piece of the name, a name nobody has. Still announced: the answer
    // "no space has exactly this name" is as exact as a hit.
    for (String miss : List.of(t.toUpperCase() + "X", t.substring(1), unique("nobody"))) {
      ApiResponse none = admin.get(exact(miss)).expect(200);
      assertThat(none.header(HEADER)).isEqualTo("exact");
      assertThat(none.json().get("spaces")).isEmpty();
      assertThat(none.json().get("pagination").get("has_more").asBoolean()).isFalse();
    }
  }

  /**
   * Exact matching compares as uniqueness does: for every pair of look-alike names, the second
   * is found in an organization holding the first exactly when creating it there is a 409.
   */
  @Test
  void exactMatchAndNameUniquenessAgreeOnEveryLookAlike() {
    String nfc = Normalizer.normalize("Café", Normalizer.Form.NFC);
    String nfd = Normalizer.normalize("Café", Normalizer.Form.NFD);
    List<String[]> pairs = List.of(
        new String[] {"prod", "Prod"},
        new String[] {"prod", "PROD"},
        new String[] {"prod", "prod "},
        new String[] {"prod", " prod"},
        new String[] {"prod", "prod"},
        new String[] {nfc, nfd},
        new String[] {nfc, nfc},
        new String[] {"straße", "strasse"},
        new String[] {"straße", "STRASSE"},
        new String[] {"İstanbul", "istanbul"},
        new String[] {"ǅ", "ǆ"},
        new String[] {"日本語", "日本語"},
        new String[] {"a\tb", "a b"},
        new String[] {"x%y", "x_y"});
    for (String[] pair : pairs) {
      String org = server.fixtures().organization();
      String first = server.fixtures().space(org, pair[0]);
      String path = exact(pair[1]) + "&org_id=" + seg(org);
      List<String> found = ids(admin.get(path).expect(200), "spaces");
      ApiResponse create = admin.post("/v2/spaces", body("name", pair[1], "organization_id", org));
      if (found.isEmpty()) {
        assertThat(create.status()).as("create %s beside %s", pair[1], pair[0]).isEqualTo(201);
        assertThat(ids(admin.get(path).expect(200), "spaces")).containsExactly(create.id());
        assertThat(ids(admin.get(exact(pair[0]) + "&org_id=" + seg(org)).expect(200), "spaces"))
            .containsExactly(first);
      } else {
        assertThat(found).as("%s found as %s", pair[0], pair[1]).containsExactly(first);
        assertProblem(create, 409, "already exists");
      }
    }
  }

  @Test
  void percentUnderscoreAndBackslashAreLiteral() {
    String org = server.fixtures().organization();
    String percent = server.fixtures().space(org, "50%_off");
    server.fixtures().space(org, "50xyoff");
    server.fixtures().space(org, "50%%off");
    String underscore = server.fixtures().space(org, "a_b");
    server.fixtures().space(org, "aXb");
    String backslash = server.fixtures().space(org, "a\\b");
    server.fixtures().space(org, "a\\\\b");
    server.fixtures().space(org, "%");
    String scope = "&org_id=" + seg(org);

    assertThat(ids(admin.get(exact("50%_off") + scope).expect(200), "spaces"))
        .containsExactly(percent);
    assertThat(ids(admin.get(exact("a_b") + scope).expect(200), "spaces"))
        .containsExactly(underscore);
    assertThat(ids(admin.get(exact("a\\b") + scope).expect(200), "spaces"))
        .containsExactly(backslash);
    assertThat(admin.get(exact("50_xyoff") + scope).expect(200).json().get("spaces")).isEmpty();
    assertThat(admin.get(exact("a%") + scope).expect(200).json().get("spaces")).isEmpty();
  }

  @Test
  void renamedAndDeletedSpacesAreFoundByTheirCurrentNameOnly() {
    String org = server.fixtures().organization();
    String old = unique("before");
    String renamed = unique("after");
    String space = server.fixtures().space(org, old);
    admin.patch("/v2/spaces/" + seg(space), body("name", renamed)).expect(200);
    assertThat(admin.get(exact(old)).expect(200).json().get("spaces")).isEmpty();
    assertThat(ids(admin.get(exact(renamed)).expect(200), "spaces")).containsExactly(space);
    admin.delete("/v2/spaces/" + seg(space)).expect(204);
    assertThat(admin.get(exact(renamed)).expect(200).json().get("spaces")).isEmpty();
  }

  @Test
  void callersSeeOnlyTheSpacesTheyCouldSeeAnyway() {
    String t = unique("shared");
    String orgA = server.fixtures().organization();
    String orgB = server.fixtures().organization();
    String orgC = server.fixtures().organization();
    String inA = server.fixtures().space(orgA, t);
    String inB = server.fixtures().space(orgB, t);
    String inC = server.fixtures().space(orgC, t);
    TestUser user = server.fixtures().user("member");
    server.fixtures().addToOrganization(orgA, user.id(), "member");
    server.fixtures().addToOrganization(orgB, user.id(), "admin");
    server.fixtures().addToSpace(inA, user.id(), "read-only");

    assertThat(ids(admin.get(exact(t)).expect(200), "spaces")).containsExactly(inA, inB, inC);
    assertThat(ids(user.api().get(exact(t)).expect(200), "spaces")).containsExactly(inA, inB);
    // An organization the caller can't see is a 404, as without name_match (and not announced).
    ApiResponse hidden = user.api().get(exact(t) + "&org_id=" + seg(orgC));
    assertProblem(hidden, 404);
    assertThat(hidden.header(HEADER)).isNull();
  }

  @Test
  void cursorsAreBoundToTheMatchMode() {
    String t = unique("many");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add(server.fixtures().space(server.fixtures().organization(), t));
    }
    String org = server.fixtures().organization();
    for (int i = 0; i < 4; i++) {
      server.fixtures().space(org, t + "-" + i);
    }

    // Walk the exact list two at a time: every page announced, every match once, in order.
    List<String> seen = new ArrayList<>();
    String cursor = null;
    String firstCursor = null;
    do {
      ApiResponse page = admin.get(exact(t) + "&limit=2"
          + (cursor == null ? "" : "&cursor=" + q(cursor))).expect(200);
      assertThat(page.header(HEADER)).isEqualTo("exact");
      seen.addAll(ids(page, "spaces"));
      JsonNode pagination = page.json().get("pagination");
      cursor = pagination.get("has_more").asBoolean() ? pagination.get("next_cursor").asText()
          : null;
      firstCursor = firstCursor == null ? cursor : firstCursor;
    } while (cursor != null);
    assertThat(seen).isEqualTo(expected);

    // An exact-mode cursor is good for exact mode only…
    String c = q(firstCursor);
    for (String other : List.of("/v2/spaces?name=" + q(t), "/v2/spaces?name=" + q(t)
        + "&name_match=substring", "/v2/spaces?name=" + q(t + "-1") + "&name_match=exact",
        "/v2/spaces")) {
      ApiResponse refused = admin.get(other + (other.contains("?") ? "&" : "?") + "cursor=" + c);
      assertProblem(refused, 400, "'cursor'", "different filters");
      assertThat(refused.header(HEADER)).isNull();
    }
    // …and a substring cursor for substring mode only; "substring" is the same list as nothing.
    String substringCursor = admin.get("/v2/spaces?name=" + q(t) + "&limit=2").expect(200).json()
        .get("pagination").get("next_cursor").asText();
    assertProblem(admin.get(exact(t) + "&cursor=" + q(substringCursor)), 400, "'cursor'");
    admin.get("/v2/spaces?name=" + q(t) + "&name_match=substring&limit=2&cursor="
        + q(substringCursor)).expect(200);
  }

  @Test
  void organizationsMatchExactlyToo() {
    String name = unique("Acme");
    String org = server.fixtures().organization(name);
    server.fixtures().organization(name.toLowerCase());
    server.fixtures().organization(name + " Labs");
    server.fixtures().organization("The " + name);

    ApiResponse hit = admin.get("/v2/organizations?name=" + q(name) + "&name_match=exact")
        .expect(200);
    assertThat(hit.header(HEADER)).isEqualTo("exact");
    assertThat(ids(hit, "organizations")).containsExactly(org);
    ApiResponse miss = admin.get("/v2/organizations?name=" + q(name.toUpperCase())
        + "&name_match=exact").expect(200);
    assertThat(miss.header(HEADER)).isEqualTo("exact");
    assertThat(miss.json().get("organizations")).isEmpty();
    ApiResponse substring = admin.get("/v2/organizations?name=" + q(name) + "&limit=100")
        .expect(200);
    assertThat(substring.header(HEADER)).isNull();
    assertThat(ids(substring, "organizations")).hasSize(4);

    // Organizations the caller doesn't belong to stay invisible.
    TestUser user = server.fixtures().user("member");
    assertThat(user.api().get("/v2/organizations?name=" + q(name) + "&name_match=exact")
        .expect(200).json().get("organizations")).isEmpty();
    server.fixtures().addToOrganization(org, user.id(), "read-only");
    assertThat(ids(user.api().get("/v2/organizations?name=" + q(name) + "&name_match=exact")
        .expect(200), "organizations")).containsExactly(org);

    // Cursors: a substring cursor is no good in exact mode.
    String cursor = admin.get("/v2/organizations?name=" + q(name) + "&limit=1").expect(200).json()
        .get("pagination").get("next_cursor").asText();
    assertProblem(admin.get("/v2/organizations?name=" + q(name) + "&name_match=exact&cursor="
        + q(cursor)), 400, "'cursor'");
  }

  @Test
  void badUseIsA400NamingTheParameter() {
    String org = server.fixtures().organization();
    for (String list : List.of("/v2/spaces", "/v2/organizations")) {
      for (String bad : List.of("EXACT", "Exact", "prefix", "", "exact%20", "true")) {
        ApiResponse r = admin.get(list + "?name=x&name_match=" + bad);
        assertProblem(r, 400, "'name_match'", "'substring' or 'exact'");
        assertThat(r.header(HEADER)).isNull();
      }
      // A NUL is refused for any query value before its meaning is looked at.
      assertProblem(admin.get(list + "?name=x&name_match=%00"), 400, "'name_match'", "NUL");
      assertProblem(admin.get(list + "?name=x&name_match=exact&name_match=exact"), 400,
          "'name_match'", "only once");
      // Without a name to qualify: refused rather than answered with the whole list.
      for (String query : List.of("?name_match=exact", "?name=&name_match=exact",
          "?name_match=substring", "?limit=5&name_match=exact")) {
        ApiResponse r = admin.get(list + query);
        assertProblem(r, 400, "'name_match'", "'name'");
        assertThat(r.header(HEADER)).isNull();
      }
      // The name's own limit holds in exact mode too.
      assertProblem(admin.get(list + "?name=" + "n".repeat(256) + "&name_match=exact"), 400,
          "'name'", "255");
      assertThat(admin.get(list + "?name=" + "n".repeat(255) + "&name_match=exact").expect(200)
          .header(HEADER)).isEqualTo("exact");
    }
    assertProblem(admin.get("/v2/spaces?org_id=nope&name=x&name_match=exact"), 400, "'org_id'");
    ApiResponse unknownOrg = admin.get(exact("x") + "&org_id="
        + seg(ApiAssertions.missingId("Organization")));
    assertProblem(unknownOrg, 404);
    assertThat(unknownOrg.header(HEADER)).isNull();
    assertThat(admin.get(exact("x") + "&org_id=" + seg(org)).expect(200).header(HEADER))
        .isEqualTo("exact");
  }
}
