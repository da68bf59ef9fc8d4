package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v2/audit-logs}: filters, keyset pages bound to their filters, and who may read. */
class AuditLogQueryTest {

  static TestServer server;
  static Api admin;
  static Fixtures fixtures;
  static String orgA;
  static String orgB;
  static String spaceA;
  static String spaceB;
  static TestUser orgAdminA;
  static TestUser member;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fixtures = server.fixtures();
    orgA = fixtures.organization("audit-a");
    orgB = fixtures.organization("audit-b");
    orgAdminA = fixtures.user("member");
    member = fixtures.user("member");
    fixtures.addToOrganization(orgA, orgAdminA.id(), "admin");
    fixtures.addToOrganization(orgA, member.id(), "member");
    fixtures.addToOrganization(orgB, member.id(), "member");
    spaceA = fixtures.space(orgA, "space-a");
    spaceB = fixtures.space(orgB, "space-b");
    // Changes by the organization admin and by the member, in both organizations.
    orgAdminA.api().patch("/v2/spaces/" + seg(spaceA), body("description", "by the org admin"))
        .expect(200);
    member.api().post("/v2/spaces", body("name", "member-space-b", "organization_id", orgB))
        .expect(201);
    for (int i = 0; i < 5; i++) {
      admin.patch("/v2/spaces/" + seg(spaceA), body("description", "edit " + i)).expect(200);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<JsonNode> list(Api as, String query) {
    List<JsonNode> records = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = as.get("/v2/audit-logs?limit=3" + (query.isEmpty() ? "" : "&" + query)
          + (cursor == null ? "" : "&cursor=" + seg(cursor))).expect(200).json();
      page.get("audit_logs").forEach(records::add);
      JsonNode next = page.get("pagination").get("next_cursor");
      cursor = next == null ? null : next.asText();
    } while (cursor != null);
    return records;
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void pagesWalkEveryRecordOnceInCreationOrder() {
    List<JsonNode> small = list(admin, "");
    JsonNode all = admin.get("/v2/audit-logs?limit=100").expect(200).json();
    List<String> ids = new ArrayList<>();
    all.get("audit_logs").forEach(r -> ids.add(r.get("id").asText()));
    assertThat(small).extracting(r -> r.get("id").asText()).containsExactlyElementsOf(ids);
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
    List<Instant> times = small.stream().map(r -> Instant.parse(r.get("created_at").asText()))
        .toList();
    assertThat(times).isSorted();
    assertThat(small.size()).isGreaterThan(10);
  }

  @Test
  void filtersNarrowTheList() {
    List<JsonNode> bySpace = list(admin, "resource_id=" + enc(spaceA));
    assertThat(bySpace).allSatisfy(r -> assertThat(r.get("resource_id").asText())
        .isEqualTo(spaceA));
    assertThat(bySpace).extracting(r -> r.get("action").asText())
        .containsExactly("space.create", "space.update", "space.update", "space.update",
            "space.update", "space.update", "space.update");

    assertThat(list(admin, "resource_type=Organization"))
        .extracting(r -> r.get("action").asText()).contains("organization.create")
        .allSatisfy(a -> assertThat(a).startsWith("organization."));
    assertThat(list(admin, "resource_type=Space&resource_id=" + enc(spaceA))).hasSize(7);

    List<JsonNode> byMember = list(admin, "actor_user_id=" + enc(member.id()));
    assertThat(byMember).hasSize(1);
    assertThat(byMember.get(0).get("action").asText()).isEqualTo("space.create");

    List<JsonNode> updates = list(admin, "action=space.update");
    assertThat(updates).hasSize(6).allSatisfy(r ->
        assertThat(r.get("action").asText()).isEqualTo("space.update"));

    // since is inclusive, until exclusive.
    JsonNode third = updates.get(2);
    String at = third.get("created_at").asText();
    List<JsonNode> since = list(admin, "action=space.update&since=" + enc(at));
    assertThat(since).extracting(r -> r.get("id").asText())
        .contains(third.get("id").asText())
        .doesNotContain(updates.get(0).get("id").asText());
    List<JsonNode> until = list(admin, "action=space.update&until=" + enc(at));
    assertThat(until).extracting(r -> r.get("id").asText())
        .doesNotContain(third.get("id").asText())
        .contains(updates.get(0).get("id").asText());
    assertThat(since.size() + until.size()).isEqualTo(updates.size());
    // An offset other than Z means the same instant.
    String plusTwo = Instant.parse(at).atOffset(java.time.ZoneOffset.ofHours(2)).toString();
    assertThat(list(admin, "action=space.update&since=" + enc(plusTwo))).hasSize(since.size());
  }

  @Test
  void aCursorIsBoundToItsFilters() {
    JsonNode page = admin.get("/v2/audit-logs?limit=1&action=space.update").expect(200).json();
    String cursor = page.get("pagination").get("next_cursor").asText();
    admin.get("/v2/audit-logs?limit=1&action=space.update&cursor=" + seg(cursor)).expect(200);
    assertThat(admin.get("/v2/audit-logs?limit=1&action=space.create&cursor=" + seg(cursor))
        .expect(400).text("detail")).contains("cursor");
    admin.get("/v2/audit-logs?limit=1&cursor=" + seg(cursor)).expect(400);
    admin.get("/v2/audit-logs?cursor=" + seg(cursor.substring(0, cursor.length() - 2) + "AA"))
        .expect(400);
  }

  @Test
  void badFiltersAre400s() {
    Map<String, String> bad = Map.of(
        "resource_type=Spaceship", "resource_type",
        "resource_type=space", "resource_type",
        "resource_id=not-an-id", "resource_id",
        "resource_type=Organization&resource_id=" + enc(spaceA), "resource_id",
        "actor_user_id=" + enc(spaceA), "actor_user_id",
        "action=DROP%20TABLE", "action",
        "since=yesterday", "since",
        "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "since",
        "limit=0", "limit",
        "action=a&action=b", "action");
    bad.forEach((query, field) -> assertThat(admin.get("/v2/audit-logs?" + query).expect(400)
        .text("detail")).as(query).contains(field));
  }

  @Test
  void anOrganizationAdminReadsOnlyTheirOrganizationsRecords() {
    List<JsonNode> seen = list(orgAdminA.api(), "");
    assertThat(seen).isNotEmpty().allSatisfy(r ->
        assertThat(r.get("organization_id").asText()).isEqualTo(orgA));
    Set<String> resources = new HashSet<>();
    seen.forEach(r -> resources.add(r.get("resource_id").asText()));
    assertThat(resources).contains(orgA, spaceA).doesNotContain(orgB, spaceB);
    // Account-level records (users, roles, keys) are not theirs to read.
    assertThat(seen).noneSatisfy(r -> assertThat(r.get("resource_type").asText())
        .isIn("User", "Role", "ApiKey"));
    assertThat(list(orgAdminA.api(), "resource_id=" + enc(spaceB))).isEmpty();
    assertThat(list(orgAdminA.api(), "actor_user_id=" + enc(orgAdminA.id())))
        .extracting(r -> r.get("action").asText()).containsExactly("space.update");
  }

  @Test
  void othersMayNotReadTheAuditLog() {
    assertThat(member.api().get("/v2/audit-logs").expect(403).text("detail"))
        .contains("audit log");
    TestUser annotator = fixtures.user("annotator");
    annotator.api().get("/v2/audit-logs").expect(403);
    admin.as(null).get("/v2/audit-logs").expect(401);
    // An organization admin who loses the role loses the audit log with it.
    TestUser former = fixtures.user("member");
    fixtures.addToOrganization(orgB, former.id(), "admin");
    former.api().get("/v2/audit-logs").expect(200);
    fixtures.addToOrganization(orgB, former.id(), "read-only");
    former.api().get("/v2/audit-logs").expect(403);
  }
}
