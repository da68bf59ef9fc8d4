package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every mutating endpoint writes exactly one audit record — right action, resource, actor (user and
 * key), request ID and before/after values — in the same transaction as its change: a request that
 * fails leaves no record, and no record ever holds a key secret, hash or redacted key.
 */
class AuditLogRecordingTest {

  static TestServer server;
  static Api admin;
  static Fixtures fixtures;
  static StoreProbe store;
  static String adminUserId;
  static String adminKeyId;
  static final AtomicInteger REQUESTS = new AtomicInteger();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fixtures = server.fixtures();
    store = StoreProbe.open(server);
    JsonNode key = admin.get("/v2/api-keys").expect(200).json().get("api_keys").get(0);
    adminKeyId = key.get("id").asText();
    adminUserId = key.get("created_by_user_id").asText();
  }

  @AfterAll
  static void stop() {
    store.close();
    server.close();
  }

  /** A request with its own X-Request-Id, and the one audit record it must have written. */
  record Recorded(ApiResponse response, String requestId, JsonNode record) {
    JsonNode before() {
      return record.get("before");
    }

    JsonNode after() {
      return record.get("after");
    }
  }

  static Recorded call(Api as, String method, String path, Object body, int expectedStatus) {
    List<JsonNode> before = all();
    long rowsBefore = store.rows("audit_logs");
    String requestId = "audit-test-" + REQUESTS.incrementAndGet();
    ApiResponse response = as.send(method, path, body == null ? null : json(body),
        body == null ? Map.of("X-Request-Id", requestId)
            : Map.of("X-Request-Id", requestId, "Content-Type", "application/json"))
        .expect(expectedStatus);
    assertThat(store.rows("audit_logs")).as("audit records written by %s %s", method, path)
        .isEqualTo(rowsBefore + 1);
    Set<String> old = new HashSet<>();
    before.forEach(r -> old.add(r.get("id").asText()));
    List<JsonNode> added = all().stream().filter(r -> !old.contains(r.get("id").asText())).toList();
    assertThat(added).hasSize(1);
    JsonNode record = added.get(0);
    assertThat(record.get("request_id").asText()).isEqualTo(requestId);
    return new Recorded(response, requestId, record);
  }

  static Recorded call(String method, String path, Object body, int expectedStatus) {
    Recorded r = call(admin, method, path, body, expectedStatus);
    assertActor(r.record, adminUserId, adminKeyId);
    return r;
  }

  /** A request that must fail and leave the audit log as it was. */
  static void failsWithoutRecord(Api as, String method, String path, Object body, int status) {
    long before = store.rows("audit_logs");
    as.send(method, path, body == null ? null : json(body),
        Map.of("Content-Type", "application/json")).expect(status);
    assertThat(store.rows("audit_logs")).as("%s %s -> %d wrote no audit record", method, path,
        status).isEqualTo(before);
  }

  static void assertActor(JsonNode record, String userId, String keyId) {
    assertThat(record.get("actor_user_id").asText()).isEqualTo(userId);
    assertThat(record.get("actor_key_id").asText()).isEqualTo(keyId);
  }

  static void assertRecord(JsonNode record, String action, String type, String id) {
    assertThat(record.get("action").asText()).isEqualTo(action);
    assertThat(record.get("resource_type").asText()).isEqualTo(type);
    assertThat(record.get("resource_id").asText()).isEqualTo(id);
  }

  /** Every record, walking the pages. */
  static List<JsonNode> all() {
    List<JsonNode> records = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = admin.get("/v2/audit-logs?limit=100"
          + (cursor == null ? "" : "&cursor=" + seg(cursor))).expect(200).json();
      page.get("audit_logs").forEach(records::add);
      JsonNode next = page.get("pagination").get("next_cursor");
      cursor = next == null ? null : next.asText();
    } while (cursor != null);
    return records;
  }

  static String keyIdOf(TestUser user) {
    return user.api().get("/v2/api-keys").expect(200).json().get("api_keys").get(0).get("id")
        .asText();
  }

  static String json(Object body) {
    try {
      return Api.JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  // --------------------------------------------------------------------------- organizations

  @Test
  void organizationChangesAreRecorded() {
    Recorded created = call("POST", "/v2/organizations",
        body("name", "audit-org", "description", "first"), 201);
    String org = created.response().id();
    assertRecord(created.record(), "organization.create", "Organization", org);
    assertThat(created.record().get("organization_id").asText()).isEqualTo(org);
    assertThat(created.record().has("before")).isFalse();
    assertThat(created.after().get("name").asText()).isEqualTo("audit-org");
    assertThat(created.after().get("description").asText()).isEqualTo("first");

    Recorded updated = call("PATCH", "/v2/organizations/" + seg(org),
        body("description", "second"), 200);
    assertRecord(updated.record(), "organization.update", "Organization", org);
    assertThat(updated.before().get("description").asText()).isEqualTo("first");
    assertThat(updated.after().get("description").asText()).isEqualTo("second");
    assertThat(updated.after().get("name").asText()).isEqualTo("audit-org");

    TestUser member = fixtures.user("member");
    Recorded added = call("POST", "/v2/organizations/" + seg(org) + "/users",
        body("user_id", member.id(), "role", Map.of("type", "predefined", "name", "member")), 200);
    assertRecord(added.record(), "organization.user.add", "Organization", org);
    assertThat(added.record().has("before")).isFalse();
    assertThat(added.after().get("user_id").asText()).isEqualTo(member.id());
    assertThat(added.after().get("membership_id").asText()).isEqualTo(added.response().id());
    assertThat(added.after().get("role").get("name").asText()).isEqualTo("member");

    Recorded changed = call("POST", "/v2/organizations/" + seg(org) + "/users",
        body("user_id", member.id(), "role", Map.of("type", "predefined", "name", "admin")), 200);
    assertThat(changed.before().get("role").get("name").asText()).isEqualTo("member");
    assertThat(changed.after().get("role").get("name").asText()).isEqualTo("admin");

    Recorded removed = call("DELETE", "/v2/organizations/" + seg(org) + "/users/"
        + seg(member.id()), null, 204);
    assertRecord(removed.record(), "organization.user.remove", "Organization", org);
    assertThat(removed.before().get("role").get("name").asText()).isEqualTo("admin");
    assertThat(removed.record().has("after")).isFalse();

    Recorded deleted = call("DELETE", "/v2/organizations/" + seg(org), null, 204);
    assertRecord(deleted.record(), "organization.delete", "Organization", org);
    assertThat(deleted.before().get("name").asText()).isEqualTo("audit-org");
    assertThat(deleted.record().has("after")).isFalse();
  }

  // ---------------------------------------------------------------------------------- spaces

  @Test
  void spaceChangesAreRecordedWithTheActingUserAndKey() {
    String org = fixtures.organization();
    TestUser member = fixtures.user("member");
    fixtures.addToOrganization(org, member.id(), "member");
    String memberKey = keyIdOf(member);

    Recorded created = call(member.api(), "POST", "/v2/spaces",
        body("name", "audit-space", "organization_id", org), 201);
    String space = created.response().id();
    assertRecord(created.record(), "space.create", "Space", space);
    assertActor(created.record(), member.id(), memberKey);
    assertThat(created.record().get("organization_id").asText()).isEqualTo(org);
    assertThat(created.after().get("name").asText()).isEqualTo("audit-space");
    assertThat(created.after().get("description").asText()).isEmpty();

    Recorded updated = call(member.api(), "PATCH", "/v2/spaces/" + seg(space),
        body("name", "audit-space-2"), 200);
    assertRecord(updated.record(), "space.update", "Space", space);
    assertActor(updated.record(), member.id(), memberKey);
    assertThat(updated.record().get("organization_id").asText()).isEqualTo(org);
    assertThat(updated.before().get("name").asText()).isEqualTo("audit-space");
    assertThat(updated.after().get("name").asText()).isEqualTo("audit-space-2");

    TestUser other = fixtures.user("member");
    fixtures.addToOrganization(org, other.id(), "member");
    Recorded added = call("POST", "/v2/spaces/" + seg(space) + "/users",
        body("user_id", other.id(), "role", Map.of("type", "predefined", "name", "read-only")), 200);
    assertRecord(added.record(), "space.user.add", "Space", space);
    assertThat(added.record().get("organization_id").asText()).isEqualTo(org);
    assertThat(added.after().get("user_id").asText()).isEqualTo(other.id());
    assertThat(added.after().get("membership_id").asText()).isEqualTo(added.response().id());
    assertThat(added.after().get("role").toString())
        .isEqualTo("{\"type\":\"predefined\",\"name\":\"read-only\"}");
    assertThat(added.record().has("before")).isFalse();

    Recorded upserted = call("POST", "/v2/spaces/" + seg(space) + "/users",
        body("user_id", other.id(), "role", Map.of("type", "predefined", "name", "member")), 200);
    assertThat(upserted.before().get("role").get("name").asText()).isEqualTo("read-only");
    assertThat(upserted.after().get("role").get("name").asText()).isEqualTo("member");

    String role = fixtures.role(List.of("SPACE_READ"));
    Recorded custom = call("POST", "/v2/spaces/" + seg(space) + "/users",
        body("user_id", other.id(), "role", Map.of("type", "custom", "id", role)), 200);
    assertThat(custom.after().get("role").get("type").asText()).isEqualTo("custom");
    assertThat(custom.after().get("role").get("id").asText()).isEqualTo(role);
    assertThat(custom.after().get("role_binding_id").asText()).isEqualTo(custom.response().id());

    Recorded removed = call("DELETE", "/v2/spaces/" + seg(space) + "/users/" + seg(other.id()),
        null, 204);
    assertRecord(removed.record(), "space.user.remove", "Space", space);
    assertThat(removed.before().get("user_id").asText()).isEqualTo(other.id());
    assertThat(removed.before().get("role").get("name").asText()).isEqualTo("member");
    assertThat(removed.before().get("custom_role").get("id").asText()).isEqualTo(role);

    Recorded deleted = call(member.api(), "DELETE", "/v2/spaces/" + seg(space), null, 204);
    assertRecord(deleted.record(), "space.delete", "Space", space);
    assertActor(deleted.record(), member.id(), memberKey);
    assertThat(deleted.before().get("name").asText()).isEqualTo("audit-space-2");
    assertThat(deleted.record().get("organization_id").asText()).isEqualTo(org);
  }

  // ----------------------------------------------------------------------------------- users

  @Test
  void userChangesAreRecordedAndARepeatedDeleteRecordsNothing() {
    Recorded created = call("POST", "/v2/users", body("name", "Audit Ada", "email",
        Fixtures.unique("ada") + "@example.com", "role",
        Map.of("type", "predefined", "name", "member"), "invite_mode", "none"), 201);
    String user = created.response().id();
    assertRecord(created.record(), "user.create", "User", user);
    assertThat(created.record().has("organization_id")).isFalse();
    assertThat(created.after().get("name").asText()).isEqualTo("Audit Ada");
    assertThat(created.after().get("role").get("name").asText()).isEqualTo("member");
    assertThat(created.after().get("is_developer").asBoolean()).isTrue();

    Recorded updated = call("PATCH", "/v2/users/" + seg(user), body("is_developer", false), 200);
    assertRecord(updated.record(), "user.update", "User", user);
    assertThat(updated.before().get("is_developer").asBoolean()).isTrue();
    assertThat(updated.after().get("is_developer").asBoolean()).isFalse();

    Recorded deleted = call("DELETE", "/v2/users/" + seg(user), null, 204);
    assertRecord(deleted.record(), "user.delete", "User", user);
    assertThat(deleted.before().get("name").asText()).isEqualTo("Audit Ada");
    failsWithoutRecord(admin, "DELETE", "/v2/users/" + seg(user), null, 204);
  }

  // ----------------------------------------------------------------------- roles and bindings

  @Test
  void roleAndBindingChangesAreRecorded() {
    Recorded created = call("POST", "/v2/roles", body("name", "audit-role", "permissions",
        List.of("SPACE_READ", "ROLE_BINDING_READ")), 201);
    String role = created.response().id();
    assertRecord(created.record(), "role.create", "Role", role);
    assertThat(created.after().get("permissions").toString())
        .isEqualTo("[\"ROLE_BINDING_READ\",\"SPACE_READ\"]");

    Recorded updated = call("PATCH", "/v2/roles/" + seg(role),
        body("permissions", List.of("SPACE_UPDATE")), 200);
    assertRecord(updated.record(), "role.update", "Role", role);
    assertThat(updated.before().get("permissions").toString())
        .isEqualTo("[\"ROLE_BINDING_READ\",\"SPACE_READ\"]");
    assertThat(updated.after().get("permissions").toString()).isEqualTo("[\"SPACE_UPDATE\"]");

    String org = fixtures.organization();
    String space = fixtures.space(org);
    TestUser user = fixtures.user("member");
    fixtures.addToOrganization(org, user.id(), "member");
    Recorded bound = call("POST", "/v2/role-bindings", body("role_id", role, "user_id", user.id(),
        "resource_type", "SPACE", "resource_id", space), 201);
    String binding = bound.response().id();
    assertRecord(bound.record(), "role_binding.create", "RoleBinding", binding);
    assertThat(bound.record().get("organization_id").asText()).isEqualTo(org);
    assertThat(bound.after().get("role_id").asText()).isEqualTo(role);
    assertThat(bound.after().get("user_id").asText()).isEqualTo(user.id());
    assertThat(bound.after().get("resource_id").asText()).isEqualTo(space);

    String role2 = fixtures.role(List.of("SPACE_READ"));
    Recorded rebound = call("PATCH", "/v2/role-bindings/" + seg(binding),
        body("role_id", role2), 200);
    assertRecord(rebound.record(), "role_binding.update", "RoleBinding", binding);
    assertThat(rebound.before().get("role_id").asText()).isEqualTo(role);
    assertThat(rebound.after().get("role_id").asText()).isEqualTo(role2);

    Recorded unbound = call("DELETE", "/v2/role-bindings/" + seg(binding), null, 204);
    assertRecord(unbound.record(), "role_binding.delete", "RoleBinding", binding);
    assertThat(unbound.before().get("role_id").asText()).isEqualTo(role2);

    Recorded deleted = call("DELETE", "/v2/roles/" + seg(role), null, 204);
    assertRecord(deleted.record(), "role.delete", "Role", role);
    assertThat(deleted.before().get("name").asText()).isEqualTo("audit-role");
  }

  // -------------------------------------------------------------------------------- API keys

  @Test
  void keyChangesAreRecordedWithoutSecretsHashesOrRedactedKeys() {
    Recorded created = call("POST", "/v2/api-keys", body("name", "audit key"), 201);
    String key = created.response().id();
    String secret = created.response().text("key");
    String redacted = created.response().text("redacted_key");
    assertRecord(created.record(), "api_key.create", "ApiKey", key);
    assertThat(created.after().get("name").asText()).isEqualTo("audit key");
    assertThat(created.after().get("user_id").asText()).isEqualTo(adminUserId);
    assertThat(created.after().get("status").asText()).isEqualTo("active");

    Recorded refreshed = call("POST", "/v2/api-keys/" + seg(key) + "/refresh",
        body("grace_period_seconds", 60), 200);
    assertRecord(refreshed.record(), "api_key.refresh", "ApiKey", key);
    assertThat(refreshed.after().has("previous_secret_valid_until")).isTrue();
    String newSecret = refreshed.response().text("key");

    TestUser user = fixtures.user("member");
    Recorded minted = call("POST", "/v2/users/" + seg(user.id()) + "/api-keys",
        body("name", "minted"), 201);
    assertRecord(minted.record(), "api_key.create", "ApiKey", minted.response().id());
    assertThat(minted.after().get("user_id").asText()).isEqualTo(user.id());
    String mintedSecret = minted.response().text("key");

    Recorded deleted = call("DELETE", "/v2/api-keys/" + seg(key), null, 204);
    assertRecord(deleted.record(), "api_key.delete", "ApiKey", key);
    assertThat(deleted.before().get("name").asText()).isEqualTo("audit key");

    String everything = all().toString();
    for (String s : List.of(secret, newSecret, mintedSecret, redacted, TestServer.ADMIN_KEY)) {
      assertThat(everything).doesNotContain(s);
    }
    assertThat(everything).doesNotContain("key_hash").doesNotContain("redacted_key");
    assertThat(store.count("SELECT COUNT(*) FROM audit_logs WHERE before_json LIKE ? "
        + "OR after_json LIKE ?", "%spk_%", "%spk_%")).isZero();
  }

  @Test
  void theServersOwnFirstStartIsRecordedWithoutAnActor() {
    List<JsonNode> bootstrap = all().stream().filter(r -> !r.has("actor_user_id")).toList();
    assertThat(bootstrap).extracting(r -> r.get("action").asText())
        .containsExactly("user.create", "api_key.create");
    assertThat(bootstrap.get(0).get("resource_id").asText()).isEqualTo(adminUserId);
    assertThat(bootstrap.get(1).get("resource_id").asText()).isEqualTo(adminKeyId);
    assertThat(bootstrap).allSatisfy(r -> {
      assertThat(r.has("actor_key_id")).isFalse();
      assertThat(r.has("request_id")).isFalse();
    });
  }

  // ------------------------------------------------------------------------ failures and replays

  @Test
  void failedWritesLeaveNoRecord() {
    String org = fixtures.organization("audit-fail-org");
    String space = fixtures.space(org, "taken");
    String role = fixtures.role(List.of("SPACE_READ"));
    TestUser member = fixtures.user("member");
    TestUser annotator = fixtures.user("annotator");
    fixtures.addToOrganization(org, member.id(), "member");
    fixtures.addToOrganization(org, annotator.id(), "annotator");
    admin.post("/v2/role-bindings", body("role_id", role, "user_id", member.id(),
        "resource_type", "SPACE", "resource_id", space)).expect(201);

    failsWithoutRecord(admin, "POST", "/v2/spaces", body("name", "taken", "organization_id", org),
        409);
    failsWithoutRecord(admin, "PATCH", "/v2/spaces/" + seg(fixtures.space(org)),
        body("name", "taken"), 409);
    failsWithoutRecord(admin, "POST", "/v2/organizations", body("name", "audit-fail-org"), 409);
    failsWithoutRecord(admin, "DELETE", "/v2/roles/" + seg(role), null, 409);
    failsWithoutRecord(admin, "POST", "/v2/role-bindings", body("role_id", role, "user_id",
        member.id(), "resource_type", "SPACE", "resource_id", space), 409);
    failsWithoutRecord(admin, "POST", "/v2/spaces/" + seg(space) + "/users", body("user_id",
        annotator.id(), "role", Map.of("type", "predefined", "name", "member")), 422);
    failsWithoutRecord(member.api(), "PATCH", "/v2/organizations/" + seg(org),
        body("name", "nope"), 403);
    failsWithoutRecord(admin, "DELETE", "/v2/organizations/" + seg(org) + "/users/"
        + seg(fixtures.user("member").id()), null, 404);
    failsWithoutRecord(admin, "POST", "/v2/spaces", body("name", 5, "organization_id", org), 400);
    failsWithoutRecord(admin, "DELETE", "/v2/users/" + seg(adminUserId), null, 409);
  }

  @Test
  void anIdempotentReplayRecordsNothingMore() {
    String org = fixtures.organization();
    long before = store.rows("audit_logs");
    Map<String, String> headers = Map.of("Content-Type", "application/json",
        "Idempotency-Key", "audit-replay-1");
    String space = admin.send("POST", "/v2/spaces",
        json(body("name", "replayed", "organization_id", org)), headers).expect(201).id();
    ApiResponse replay = admin.send("POST", "/v2/spaces",
        json(body("name", "replayed", "organization_id", org)), headers).expect(201);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(store.rows("audit_logs")).isEqualTo(before + 1);
    assertThat(store.count("SELECT COUNT(*) FROM audit_logs WHERE resource_id = ?", space))
        .isEqualTo(1);
  }

  /**
   * The other half of "same transaction": when the audit record cannot be written, the change it
   * describes is not made either. A trigger on the test's own store makes every audit insert fail.
   */
  @Test
  void aChangeWhoseRecordCannotBeWrittenIsNotMade() throws Exception {
    try (TestServer own = TestServer.start();
        Connection store = DriverManager.getConnection(own.jdbcUrl(), own.jdbcUser(), null)) {
      Api api = own.admin();
      String org = own.fixtures().organization("audit-atomic");
      refuseAuditRecords(store, true);
      assertThat(api.post("/v2/spaces", body("name", "unrecorded", "organization_id", org))
          .status()).isNotEqualTo(201);
      assertThat(api.patch("/v2/organizations/" + seg(org), body("description", "unrecorded"))
          .status()).isNotEqualTo(200);
      refuseAuditRecords(store, false);

      assertThat(api.get("/v2/spaces?org_id=" + seg(org)).expect(200).json().get("spaces"))
          .isEmpty();
      assertThat(api.get("/v2/organizations/" + seg(org)).expect(200).text("description"))
          .isNotEqualTo("unrecorded");
      // With the audit log writable again, the same change goes through and is recorded.
      String space = api.post("/v2/spaces", body("name", "unrecorded", "organization_id", org))
          .expect(201).id();
      assertThat(api.get("/v2/audit-logs?resource_id=" + seg(space)).expect(200).json()
          .get("audit_logs")).hasSize(1);
    }
  }

  /** Installs (or removes) a trigger that makes every insert into audit_logs fail. */
  static void refuseAuditRecords(Connection store, boolean refuse) throws SQLException {
    boolean sqlite = store.getMetaData().getURL().startsWith("jdbc:sqlite:");
    try (Statement s = store.createStatement()) {
      if (sqlite) {
        s.execute("PRAGMA busy_timeout=5000");
        s.execute(refuse ? "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_logs "
            + "BEGIN SELECT RAISE(ABORT, 'audit records refused by the test'); END"
            : "DROP TRIGGER refuse_audit");
      } else if (refuse) {
        s.execute("CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
            + "$$ BEGIN RAISE EXCEPTION 'audit records refused by the test'; END $$");
        s.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_logs "
            + "FOR EACH ROW EXECUTE FUNCTION refuse_audit()");
      } else {
        s.execute("DROP TRIGGER refuse_audit ON audit_logs");
        s.execute("DROP FUNCTION refuse_audit()");
      }
    }
  }
}
