package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.RawHttp;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every kind of bad input gets a 4xx RFC 9457 problem — never a 5xx — whose {@code status}
 * equals the HTTP status and whose detail names the cause, and writes nothing: the whole store is
 * fingerprinted before and after each bad request. Fixed cases are {@link Example}s that report
 * every failing case at once; random inputs are jqwik {@link Property properties}.
 */
class BadInputTest {

  static TestServer server;
  static Api admin;
  static StoreProbe store;
  static String org;
  static String space;
  static String user;
  static String role;
  static String binding;
  static String apiKey;

  /** Every route that reads a body, with a body it accepts (so a test can spoil one thing). */
  static List<BodyRoute> bodyRoutes;

  record BodyRoute(String name, String method, String path, Map<String, Object> validBody) {
    BodyRoute(String method, String path, Map<String, Object> validBody) {
      this(method + " " + path, method, path, validBody);
    }

    @Override
    public String toString() {
      return name + " (" + method + " " + path + ")";
    }
  }

  @BeforeContainer
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    store = StoreProbe.open(server);
    Fixtures fixtures = server.fixtures();
    org = fixtures.organization();
    space = fixtures.space(org);
    Fixtures.TestUser member = fixtures.user("member");
    user = member.id();
    fixtures.addToOrganization(org, user, "member");
    role = fixtures.role(List.of("SPACE_READ"));
    binding = admin.post("/v2/role-bindings", body("role_id", role, "user_id", user,
        "resource_type", "SPACE", "resource_id", space)).expect(201).id();
    // A key of the admin's own, for the refresh route (the admin's working key stays untouched).
    apiKey = admin.post("/v2/api-keys", body("name", "refresh target")).expect(201).id();
    Map<String, Object> memberRole = Map.of("type", "predefined", "name", "member");
    bodyRoutes = List.of(
        new BodyRoute("space.create", "POST", "/v2/spaces",
            body("name", "never", "organization_id", org)),
        new BodyRoute("space.update", "PATCH", "/v2/spaces/" + seg(space),
            body("name", "never")),
        new BodyRoute("space.addUser", "POST", "/v2/spaces/" + seg(space) + "/users",
            body("user_id", user, "role", memberRole)),
        new BodyRoute("org.create", "POST", "/v2/organizations", body("name", "never")),
        new BodyRoute("org.update", "PATCH", "/v2/organizations/" + seg(org),
            body("name", "never")),
        new BodyRoute("org.addUser", "POST", "/v2/organizations/" + seg(org) + "/users",
            body("user_id", user, "role", memberRole)),
        new BodyRoute("user.create", "POST", "/v2/users", body("name", "Never",
            "email", "never@example.com", "role", memberRole, "invite_mode", "none")),
        new BodyRoute("user.update", "PATCH", "/v2/users/" + seg(user), body("name", "Never")),
        new BodyRoute("user.mintKey", "POST", "/v2/users/" + seg(user) + "/api-keys",
            body("name", "never")),
        new BodyRoute("role.create", "POST", "/v2/roles",
            body("name", "never", "permissions", List.of("SPACE_READ"))),
        new BodyRoute("role.update", "PATCH", "/v2/roles/" + seg(role), body("name", "never")),
        new BodyRoute("binding.create", "POST", "/v2/role-bindings", body("role_id", role,
            "user_id", user, "resource_type", "SPACE", "resource_id", space)),
        new BodyRoute("binding.update", "PATCH", "/v2/role-bindings/" + seg(binding),
            body("role_id", role)),
        new BodyRoute("key.create", "POST", "/v2/api-keys", body("name", "never")),
        new BodyRoute("key.refresh", "POST", "/v2/api-keys/" + seg(apiKey) + "/refresh",
            body("grace_period_seconds", 60)));
  }

  @AfterContainer
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Example
  void theStoreFingerprintSeesEveryKindOfWrite() {
    // The "writes nothing" checks below are only as good as this.
    String before = store.fingerprint();
    admin.patch("/v2/spaces/" + seg(space), body("description", Fixtures.unique("d")))
        .expect(200);
    String afterUpdate = store.fingerprint();
    assertThat(afterUpdate).isNotEqualTo(before);
    String extra = admin.post("/v2/spaces", body("name", Fixtures.unique("fp"),
        "organization_id", org)).expect(201).id();
    String afterInsert = store.fingerprint();
    assertThat(afterInsert).isNotEqualTo(afterUpdate);
    admin.delete("/v2/spaces/" + seg(extra)).expect(204);
    assertThat(store.fingerprint()).isNotEqualTo(afterInsert);
  }

  // ------------------------------------------------------------------------- malformed JSON

  /** A body that no route may accept, and a phrase its 400 detail must contain. */
  record BadBody(String label, byte[] bytes, String detail) {
    static BadBody of(String label, String json, String detail) {
      return new BadBody(label, json.getBytes(StandardCharsets.UTF_8), detail);
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** Broken bodies around one field, {@code key}, that the route accepts. */
  static List<BadBody> malformedBodies(String key) {
    String deep = "{\"name\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
    return Stream.of(
        BadBody.of("truncated object", "{\"name\": \"x\"", "JSON"),
        BadBody.of("truncated after colon", "{\"name\":", "JSON"),
        BadBody.of("lone brace", "{", "JSON"),
        BadBody.of("truncated string", "{\"name\": \"unterminated", "JSON"),
        BadBody.of("trailing garbage", "{\"name\": \"x\"} garbage", "JSON"),
        BadBody.of("two objects", "{\"name\": \"x\"} {\"name\": \"y\"}", "JSON"),
        BadBody.of("trailing comma", "{\"name\": \"x\",}", "JSON"),
        BadBody.of("single quotes", "{'name': 'x'}", "JSON"),
        BadBody.of("unquoted key", "{name: \"x\"}", "JSON"),
        BadBody.of("comment", "{\"name\": \"x\" /* hi */}", "JSON"),
        BadBody.of("NaN", "{\"name\": NaN}", "JSON"),
        BadBody.of("duplicate keys", "{\"name\": \"a\", \"name\": \"b\"}", "name"),
        BadBody.of("array", "[]", "JSON object"),
        BadBody.of("array of object", "[{\"name\": \"x\"}]", "JSON object"),
        BadBody.of("string", "\"x\"", "JSON object"),
        BadBody.of("number", "42", "JSON object"),
        BadBody.of("null", "null", "JSON object"),
        BadBody.of("boolean", "true", "JSON object"),
        BadBody.of("empty", "", "JSON object"),
        BadBody.of("whitespace", " \r\n\t ", "JSON object"),
        BadBody.of("deeply nested", deep, "name"),
        new BadBody("invalid UTF-8 byte", bytes("{\"name\": \"", 0xff, 0xfe, "\"}"), "UTF-8"),
        new BadBody("UTF-8 continuation byte alone", bytes("{\"name\": \"a", 0x80, "\"}"),
            "UTF-8"),
        new BadBody("overlong UTF-8", bytes("{\"name\": \"", 0xc0, 0xaf, "\"}"), "UTF-8"),
        new BadBody("UTF-8-encoded surrogate", bytes("{\"name\": \"", 0xed, 0xa0, 0x80, "\"}"),
            "UTF-8"),
        new BadBody("truncated UTF-8 sequence", bytes("{\"name\": \"", 0xe2, 0x82, "\"}"),
            "UTF-8"),
        new BadBody("Latin-1 body", "{\"name\": \"caf\u00e9\"}".getBytes(
            StandardCharsets.ISO_8859_1), "UTF-8"),
        new BadBody("UTF-16LE body", "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_16LE),
            "JSON"),
        new BadBody("UTF-16BE body", "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_16BE),
            "JSON"),
        new BadBody("UTF-8 byte order mark", bytes(0xef, 0xbb, 0xbf, "{\"name\": \"x\"}"),
            "byte order mark"))
        .map(b -> new BadBody(b.label, new String(b.bytes, StandardCharsets.ISO_8859_1)
            .replace("\"name\"", "\"" + key + "\"").getBytes(StandardCharsets.ISO_8859_1),
            b.detail == null ? null : b.detail.replace("name", key)))
        .toList();
  }

  @Example
  void malformedJsonIsA400OnEveryRoute() {
    Failures failures = new Failures();
    for (BodyRoute route : bodyRoutes) {
      String key = route.validBody.keySet().iterator().next();
      // The broken bodies carry string values; for another type the type error may come first.
      boolean stringField = route.validBody.get(key) instanceof String;
      for (BadBody bad : malformedBodies(key)) {
        if (route.name.equals("key.refresh") && bad.label.equals("empty")) {
          continue; // refresh documents "no body at all" as "no changes"
        }
        failures.check(route + " with " + bad, () -> {
          ApiResponse r = rejected(() -> admin.sendBytes(route.method, route.path, bad.bytes,
              Map.of("Content-Type", "application/json")), 400);
          assertDetail(r, stringField ? bad.detail : null);
        });
      }
    }
    failures.verify();
  }

  // ------------------------------------------------------------------ fields: types, names

  /** One field of a route's body spoiled; the detail must name {@code field}. */
  record BadField(BodyRoute route, String label, Map<String, Object> body, String field) {
    @Override
    public String toString() {
      return route + " " + label;
    }
  }

  static List<BadField> wrongTypes() {
    List<BadField> cases = new ArrayList<>();
    Object[] notStrings = {123, 1.5, true, List.of("x"), Map.of("a", "b")};
    Object[] notBooleans = {"true", 1, 0, "yes", List.of(true), Map.of()};
    Object[] notObjects = {"admin", 1, true, List.of("admin")};
    Object[] notLists = {"SPACE_READ", 1, true, Map.of("a", "SPACE_READ")};
    Object[] notIntegers = {"60", 60.5, true, List.of(60), Map.of("s", 60)};
    for (BodyRoute route : bodyRoutes) {
      for (String field : route.validBody.keySet()) {
        Object valid = route.validBody.get(field);
        Object[] wrong = valid instanceof String ? notStrings
            : valid instanceof List ? notLists
            : valid instanceof Number ? notIntegers : notObjects;
        for (Object value : wrong) {
          cases.add(spoil(route, field, value, field));
        }
      }
    }
    BodyRoute spaces = route("space.create");
    for (Object value : notStrings) {
      cases.add(spoil(spaces, "description", value, "description"));
    }
    for (Object value : notBooleans) {
      cases.add(spoil(route("user.create"), "is_developer", value, "is_developer"));
      cases.add(spoil(route("user.update"), "is_developer", value, "is_developer"));
    }
    for (Object value : new Object[] {12345, true, "tomorrow", "2026-13-01T00:00:00Z",
        "2026-06-01", List.of()}) {
      cases.add(spoil(route("user.mintKey"), "expires_at", value, "expires_at"));
      cases.add(spoil(route("key.create"), "expires_at", value, "expires_at"));
      cases.add(spoil(route("key.refresh"), "expires_at", value, "expires_at"));
    }
    for (Object value : new Object[] {List.of(1), List.of(List.of("SPACE_READ")),
        List.of(Map.of())}) {
      cases.add(spoil(route("role.create"), "permissions", value, "permissions"));
    }
    for (Object value : new Object[] {1, true, List.of(), Map.of()}) {
      cases.add(spoil(route("user.create"), "role",
          Map.of("type", "predefined", "name", value), "name"));
      cases.add(spoil(route("space.addUser"), "role", Map.of("type", value), "type"));
    }
    return cases;
  }

  @Example
  void wrongFieldTypesAreA400NamingTheField() {
    Failures failures = new Failures();
    for (BadField bad : wrongTypes()) {
      failures.check(bad.toString(), () -> {
        ApiResponse r = rejected(() -> admin.send(bad.route.method, bad.route.path,
            json(bad.body), Map.of("Content-Type", "application/json")), 400);
        assertDetail(r, bad.field);
      });
    }
    failures.verify();
  }

  @Example
  void unknownAndSystemFieldsAreA400NamingTheField() {
    Failures failures = new Failures();
    for (BodyRoute route : bodyRoutes) {
      for (String field : List.of("colour", "Name", "name ", "", "id", "created_at",
          "updated_at", "is_predefined", "space_id", "key")) {
        if (route.validBody.containsKey(field)) {
          continue;
        }
        BadField bad = new BadField(route, "extra '" + field + "'", with(route, field, "x"),
            field);
        failures.check(bad.toString(), () -> {
          ApiResponse r = rejected(() -> send(route, bad.body), 400);
          assertDetail(r, "'" + field + "'");
        });
      }
    }
    failures.verify();
  }

  @Example
  void missingRequiredFieldsAreA400NamingTheField() {
    Failures failures = new Failures();
    List<BadField> cases = List.of(
        without(route("space.create"), "name"),
        without(route("space.create"), "organization_id"),
        without(route("org.create"), "name"),
        without(route("user.create"), "name"),
        without(route("user.create"), "email"),
        without(route("user.create"), "role"),
        without(route("user.create"), "invite_mode"),
        without(route("role.create"), "name"),
        without(route("role.create"), "permissions"),
        without(route("binding.create"), "role_id"),
        without(route("binding.create"), "user_id"),
        without(route("binding.create"), "resource_type"),
        without(route("binding.create"), "resource_id"),
        without(route("space.addUser"), "user_id"),
        without(route("space.addUser"), "role"),
        without(route("org.addUser"), "user_id"),
        without(route("user.mintKey"), "name"),
        without(route("key.create"), "name"),
        spoil(route("space.create"), "name", null, "name"),
        new BadField(route("space.update"), "empty patch", Map.of(), "name"),
        new BadField(route("org.update"), "empty patch", Map.of(), "name"),
        new BadField(route("binding.update"), "empty patch", Map.of(), "role_id"),
        spoil(route("role.create"), "permissions", List.of(), "permissions"),
        spoil(route("role.create"), "permissions", List.of("SPACE_FLY"), "SPACE_FLY"));
    for (BadField bad : cases) {
      failures.check(bad.toString(), () -> assertDetail(rejected(() -> send(bad.route,
          bad.body), 400), bad.field));
    }
    failures.verify();
  }

  // ------------------------------------------------------------------------------- lengths

  @Example
  void lengthsAreCountedInCodePoints() {
    String rocket = "\uD83D\uDE80"; // one code point, two UTF-16 units, four UTF-8 bytes
    Failures failures = new Failures();
    for (String path : List.of("/v2/spaces", "/v2/organizations")) {
      BodyRoute create = route(path.equals("/v2/spaces") ? "space.create" : "org.create");
      String label = path + " ";
      failures.check(label + "256-letter name", () -> assertDetail(rejected(() -> send(create,
          with(create, "name", "a".repeat(256))), 400), "name"));
      failures.check(label + "256-emoji name", () -> assertDetail(rejected(() -> send(create,
          with(create, "name", rocket.repeat(256))), 400), "name"));
      failures.check(label + "empty name", () -> assertDetail(rejected(() -> send(create,
          with(create, "name", "")), 400), "name"));
      failures.check(label + "1001-letter description", () -> assertDetail(rejected(() ->
          send(create, with(create, "description", "d".repeat(1001))), 400), "description"));
      failures.check(label + "1001-emoji description", () -> assertDetail(rejected(() ->
          send(create, with(create, "description", rocket.repeat(1001))), 400),
          "description"));
      failures.check(label + "lone surrogate", () -> assertDetail(rejected(() -> admin.send(
          "POST", path, json(with(create, "name", "x")).replace("\"x\"", "\"\\ud800\""),
          Map.of("Content-Type", "application/json")), 400), "name"));
      failures.check(label + "NUL character", () -> assertDetail(rejected(() -> send(create,
          with(create, "name", "a\u0000b")), 400), "name"));

      // The limits themselves are fine, and the 255 rockets come back intact.
      String name = rocket.repeat(255);
      failures.check(label + "255-emoji name", () -> {
        ApiResponse created = send(create, with(with(create, "name", name), "description",
            rocket.repeat(1000))).expect(201);
        assertThat(created.text("name")).isEqualTo(name);
        assertThat(created.text("description")).isEqualTo(rocket.repeat(1000));
        assertThat(admin.get(path + "/" + seg(created.id())).expect(200).text("name"))
            .isEqualTo(name);
      });
    }
    failures.verify();
  }

  @Example
  void patchLengthsAreCheckedToo() {
    Failures failures = new Failures();
    for (String path : List.of("/v2/spaces/", "/v2/organizations/")) {
      BodyRoute patch = route(path.equals("/v2/spaces/") ? "space.update" : "org.update");
      failures.check(path + " 256 name", () -> assertDetail(rejected(() -> send(patch,
          Map.of("name", "n".repeat(256))), 400), "name"));
      failures.check(path + " empty name", () -> assertDetail(rejected(() -> send(patch,
          Map.of("name", "")), 400), "name"));
      failures.check(path + " 1001 description", () -> assertDetail(rejected(() -> send(patch,
          Map.of("description", "d".repeat(1001))), 400), "description"));
      // A valid name with an invalid description changes neither.
      failures.check(path + " good name, bad description", () -> assertDetail(rejected(() ->
          send(patch, body("name", "fine", "description", "d".repeat(1001))), 400),
          "description"));
    }
    failures.verify();
  }

  // ---------------------------------------------------------------- size and content type

  @Example
  void bodiesOver64KiBAreA413() {
    Failures failures = new Failures();
    for (BodyRoute route : bodyRoutes) {
      // Valid JSON, padded with whitespace past the limit: only the size is wrong.
      byte[] big = padded(json(route.validBody), 64 * 1024 + 1);
      failures.check(route + " 64 KiB + 1", () -> assertDetail(rejected(() -> admin.sendBytes(
          route.method, route.path, big, Map.of("Content-Type", "application/json")), 413),
          "KiB"));
      failures.check(route + " 64 KiB + 1, chunked", () -> assertDetail(rejected(() ->
          admin.sendChunked(route.method, route.path, big,
              Map.of("Content-Type", "application/json")), 413), "KiB"));
    }
    // Exactly at the limit is still fine.
    BodyRoute create = route("space.create");
    failures.check("64 KiB exactly", () -> admin.sendBytes("POST", "/v2/spaces",
        padded(json(with(create, "name", Fixtures.unique("at-limit"))), 64 * 1024),
        Map.of("Content-Type", "application/json")).expect(201));
    failures.verify();
  }

  @Example
  void bodiesThatAreNotJsonAreA415() {
    Failures failures = new Failures();
    List<String> wrongTypes = List.of("text/plain", "application/xml", "text/json",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/jsonx", "application/json-patch+json", "application/merge-patch+json",
        "application/problem+json", "json", "*/*", "application/*", "");
    for (BodyRoute route : bodyRoutes) {
      String valid = json(route.validBody);
      for (String type : wrongTypes) {
        failures.check(route + " as '" + type + "'", () -> assertDetail(rejected(() ->
            admin.send(route.method, route.path, valid, Map.of("Content-Type", type)), 415),
            "Content-Type"));
      }
      failures.check(route + " without Content-Type", () -> assertDetail(rejected(() ->
          admin.send(route.method, route.path, valid, Map.of()), 415), "Content-Type"));
    }
    // A charset parameter and any casing of the media type are accepted.
    for (String type : List.of("application/json; charset=utf-8", "Application/JSON",
        "application/json;charset=UTF-8")) {
      failures.check("accepts " + type, () -> admin.send("POST", "/v2/spaces",
          json(body("name", Fixtures.unique("typed"), "organization_id", org)),
          Map.of("Content-Type", type)).expect(201));
    }
    failures.verify();
  }

  // ---------------------------------------------------------------------------- path IDs

  /** Path IDs that are not IDs at all: 400 wherever an ID is expected. */
  static List<String> garbageIds() {
    String longId = "A".repeat(4000);
    return List.of(
        "x", "!!!", "abc", "null", "0", "-1", "%20", "%00", "%25", "%3A",
        b64("abc"), // no ':'
        b64("Space1bFuL"),
        b64("Space:1"), b64("Space:1:bFuL:extra"), b64("Space::bFuL"), b64("Space:0:bFuL"),
        b64("Space:-1:bFuL"), b64("Space:01:bFuL"), b64("Space:1:b"), b64("Space:1:bF_L"),
        b64("Space:99999999999999999999999:bFuL"), b64("space:1:bFuL"), b64("Galaxy:1:bFuL"),
        b64(":1:bFuL"), b64("Space:1:bFuL\n"),
        Base64.getEncoder().withoutPadding().encodeToString(utf8("Space:12:bFuL")), // unpadded
        Base64.getUrlEncoder().encodeToString(utf8("Space:1:bF?>")), // URL alphabet
        "Space:1:bFuL", // not encoded at all
        b64(new byte[] {'S', ':', (byte) 0xff, ':', (byte) 0xfe}), // not UTF-8
        longId,
        "a%2Fb", "%2F%2F%2F", "U3Bh%2FY2U6MTpiRnVM", "%2E%2E%2Fx",
        "%C3%A9t%C3%A9", "%F0%9F%9A%80", "%E2%80%AE", "%EF%BB%BF" + b64("Space:1:bFuL"),
        "%C3%28", "%ED%A0%80", "%FF");
  }

  /** Every route with an ID in its path, with {@code e} (already path-encoded) as that ID. */
  static List<BodyRoute> idRoutes(String e) {
    return List.of(
        new BodyRoute("GET", "/v2/spaces/" + e, null),
        new BodyRoute("PATCH", "/v2/spaces/" + e, body("name", "never")),
        new BodyRoute("DELETE", "/v2/spaces/" + e, null),
        new BodyRoute("GET", "/v2/spaces/" + e + "/users", null),
        new BodyRoute("POST", "/v2/spaces/" + e + "/users", body("user_id", user,
            "role", Map.of("type", "predefined", "name", "member"))),
        new BodyRoute("DELETE", "/v2/spaces/" + seg(space) + "/users/" + e, null),
        new BodyRoute("DELETE", "/v2/spaces/" + e + "/users/" + seg(user), null),
        new BodyRoute("GET", "/v2/organizations/" + e, null),
        new BodyRoute("PATCH", "/v2/organizations/" + e, body("name", "never")),
        new BodyRoute("DELETE", "/v2/organizations/" + e, null),
        new BodyRoute("POST", "/v2/organizations/" + e + "/users", body("user_id", user,
            "role", Map.of("type", "predefined", "name", "member"))),
        new BodyRoute("DELETE", "/v2/organizations/" + seg(org) + "/users/" + e, null),
        new BodyRoute("GET", "/v2/users/" + e, null),
        new BodyRoute("PATCH", "/v2/users/" + e, body("name", "Never")),
        new BodyRoute("DELETE", "/v2/users/" + e, null),
        new BodyRoute("POST", "/v2/users/" + e + "/api-keys", body("name", "never")),
        new BodyRoute("GET", "/v2/roles/" + e, null),
        new BodyRoute("PATCH", "/v2/roles/" + e, body("name", "never")),
        new BodyRoute("DELETE", "/v2/roles/" + e, null),
        new BodyRoute("GET", "/v2/role-bindings/" + e, null),
        new BodyRoute("PATCH", "/v2/role-bindings/" + e, body("role_id", role)),
        new BodyRoute("DELETE", "/v2/role-bindings/" + e, null),
        new BodyRoute("DELETE", "/v2/api-keys/" + e, null),
        new BodyRoute("POST", "/v2/api-keys/" + e + "/refresh",
            body("grace_period_seconds", 60)));
  }

  @Example
  void garbagePathIdsAreA400() {
    Failures failures = new Failures();
    List<String> ids = garbageIds();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      boolean everyRoute = i % 3 == 0; // the other two thirds on the space routes only
      // Entries with a '%' are spelled as they go on the wire; the rest get encoded as clients do.
      for (BodyRoute route : idRoutes(id.contains("%") ? id : seg(id))) {
        if (!everyRoute && !route.path.startsWith("/v2/spaces/")) {
          continue;
        }
        failures.check(route.toString(), () -> assertDetailAny(rejected(() -> send(route,
            route.validBody), 400), "ID", "URI", "UTF-8", "path"));
      }
    }
    failures.verify();
  }

  @Example
  void idsOfTheWrongTypeAreA400AndUnknownIdsA404() {
    Failures failures = new Failures();
    String wrongType = seg(b64("Organization:999:bFuL"));
    for (BodyRoute route : idRoutes(wrongType)) {
      if (route.path.contains("/v2/organizations/" + wrongType)) {
        continue; // an Organization ID is the right type there
      }
      failures.check("wrong type " + route, () -> assertDetail(rejected(() -> send(route,
          route.validBody), 400), "ID"));
    }
    for (String type : List.of("Space", "Organization", "User", "Role", "RoleBinding",
        "ApiKey")) {
      String unknown = seg(b64(type + ":999999:zzzz"));
      Pattern sameType = Pattern.compile(
          Pattern.quote(pathOf(type) + "/" + unknown) + "(/.*)?");
      for (BodyRoute route : idRoutes(unknown)) {
        if (!sameType.matcher(route.path).matches()) {
          continue; // the unknown ID sits where another type is expected
        }
        failures.check("unknown " + route, () -> rejected(() -> send(route, route.validBody),
            404));
      }
    }
    // A real row number with the wrong random suffix names nothing either.
    String guessed = seg(b64("Space:" + decodedNumber(space) + ":" + otherSuffix(space)));
    failures.check("guessed suffix", () -> rejected(() -> admin.get("/v2/spaces/" + guessed),
        404));
    failures.verify();
  }

  @Example
  void pathsThatAreNotValidUrisAreA400() {
    Failures failures = new Failures();
    for (String target : List.of("/v2/spaces/%ZZ", "/v2/spaces/%", "/v2/spaces/%C3",
        "/v2/spaces/%u00e9", "/v2/spaces/\u00e9t\u00e9", "/v2/spaces/a b", "/v2/spaces/%00",
        "/v2/spaces/a\\b", "/v2/spaces/a%5Cb", "/v2/spaces/%2E%2E")) {
      // Jetty answers these itself, before routing — with a problem body for every method.
      for (String method : List.of("GET", "PATCH", "DELETE")) {
        failures.check(method + " " + target, () -> rejected(() -> RawHttp.send(admin.baseUrl(),
            method, target.getBytes(StandardCharsets.UTF_8),
            List.of("Authorization: Bearer " + admin.key(), "Content-Type: application/json"),
            method.equals("PATCH") ? utf8("{\"name\":\"never\"}") : null), 400));
      }
    }
    failures.verify();
  }

  @Example
  void aBadUriClosesTheConnectionAndSaysSo() {
    // Jetty drops the connection after a URI it can't decode; unannounced, a client that reuses
    // the connection loses its next request. Two requests on one connection: the first answer
    // must announce the close (and the second then gets nothing).
    for (String target : List.of("/v2/role-bindings/%00", "/v2/spaces/%C3%28",
        "/v2/spaces/a%5Cb")) {
      ApiResponse r = rejected(() -> RawHttp.send(admin.baseUrl(), "DELETE", utf8(target),
          List.of("Authorization: Bearer " + admin.key()), null), 400);
      assertThat(r.header("Connection")).as("Connection header of %s", describe(r))
          .isEqualToIgnoringCase("close");
    }
  }

  // -------------------------------------------------------------------- query parameters

  static List<String> listPaths() {
    return List.of("/v2/spaces", "/v2/organizations", "/v2/users", "/v2/roles",
        "/v2/role-bindings?resource_type=SPACE", "/v2/spaces/" + seg(space) + "/users",
        "/v2/api-keys");
  }

  @Example
  void garbageLimitsAreA400() {
    Failures failures = new Failures();
    List<String> limits = List.of("0", "101", "-1", "1000", "abc", "1.5", "", "%20", "%205",
        "5%20", "1e2", "0x10", "+5", "%D9%A3", "%EF%BC%91", "99999999999999999999",
        "-0", "true", "null", "[]", "%00");
    for (String path : listPaths()) {
      for (String limit : limits) {
        failures.check(path + " limit=" + limit, () -> assertDetail(rejected(() ->
            admin.get(path + sep(path) + "limit=" + limit), 400), "limit"));
      }
    }
    failures.verify();
  }

  @Example
  void garbageCursorsAreA400() {
    String realSpaceCursor = spaceCursor();
    String orgCursor = organizationCursor();
    Failures failures = new Failures();
    List<String> cursors = new ArrayList<>(List.of("x", "AAAA", "%20", "%00", "null",
        "%C3%A9", "!!!!", "A".repeat(5000), seg(Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new byte[41])), seg(Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new byte[] {1, 2, 3})), seg(orgCursor)));
    cursors.add(seg(flip(realSpaceCursor, 3)));
    cursors.add(seg(flip(realSpaceCursor, realSpaceCursor.length() - 2)));
    cursors.add(seg(flip(realSpaceCursor, realSpaceCursor.length() - 1)));
    cursors.add(seg(realSpaceCursor + "A"));
    cursors.add(seg(realSpaceCursor.substring(1)));
    cursors.add(seg(realSpaceCursor + "=="));
    cursors.add(seg(realSpaceCursor.replace('-', '+').replace('_', '/')));
    cursors.add(seg(otherSpellingOfTheSameBytes(realSpaceCursor)));
    for (String path : listPaths()) {
      for (String cursor : cursors) {
        if (path.equals("/v2/organizations") && cursor.equals(seg(orgCursor))) {
          continue; // that one is valid there
        }
        failures.check(path + " cursor=" + abbreviate(cursor), () -> assertDetail(rejected(() ->
            admin.get(path + sep(path) + "cursor=" + cursor), 400), "cursor"));
      }
    }
    failures.verify();
  }

  @Example
  void repeatedAndInvalidFiltersAreA400() {
    Failures failures = new Failures();
    List<String> queries = new ArrayList<>();
    for (String path : listPaths()) {
      queries.add(path + sep(path) + "limit=5&limit=6");
      queries.add(path + sep(path) + "limit=5&limit=5");
      queries.add(path + sep(path) + "cursor=a&cursor=b");
    }
    queries.addAll(List.of(
        "/v2/spaces?org_id=" + seg(org) + "&org_id=" + seg(org),
        "/v2/spaces?name=a&name=b",
        "/v2/spaces?org_id=garbage",
        "/v2/spaces?org_id=" + seg(space),
        "/v2/spaces?name=" + "n".repeat(256),
        "/v2/organizations?name=a&name=b",
        "/v2/users?email=a&email=b",
        "/v2/users?status=sleeping",
        "/v2/roles?is_predefined=maybe",
        "/v2/roles?is_predefined=true&is_predefined=false",
        "/v2/roles?is_predefined=TRUE",
        "/v2/role-bindings",
        "/v2/role-bindings?resource_type=PROJECT",
        "/v2/role-bindings?resource_type=GALAXY",
        "/v2/role-bindings?resource_type=SPACE&resource_type=SPACE",
        "/v2/role-bindings?resource_type=SPACE&user_id=garbage",
        "/v2/role-bindings?resource_type=SPACE&user_id=" + seg(space)));
    for (String query : queries) {
      failures.check(query, () -> rejected(() -> admin.get(query), 400));
    }
    failures.check("unknown org filter", () -> rejected(() -> admin.get("/v2/spaces?org_id="
        + seg(b64("Organization:999999:zzzz"))), 404));
    failures.verify();
  }

  // --------------------------------------------------------------------- authentication

  @Example
  void garbageAuthorizationIsA401ThatNeverSaysWhy() {
    Failures failures = new Failures();
    List<String> headers = List.of("", "Bearer", "Bearer ", "Bearer  ", "Basic "
        + Base64.getEncoder().encodeToString(utf8("admin:admin")), "Token " + admin.key(),
        admin.key(), "Bearer" + admin.key(), "Bearer " + admin.key() + "x",
        "Bearer x" + admin.key(), "Bearer " + admin.key() + ", Bearer " + admin.key(),
        "Bearer " + "k".repeat(10_000), "Bearer spk_" + "A".repeat(38),
        "Bearer spk_", "Bearer cl\u00e9-\u00fcber-\u00ff", "Bearer \u00a0" + admin.key(),
        "Bearer null", "Bearer undefined", "Bearer " + admin.key().toUpperCase(Locale.ROOT));
    List<String> details = new ArrayList<>();
    Map<String, Supplier<ApiResponse>> requests = new LinkedHashMap<>();
    for (String header : headers) {
      String label = "'" + abbreviate(header) + "'";
      requests.put("GET " + label, () -> admin.send("GET", "/v2/spaces", null,
          Map.of("Authorization", header)));
      requests.put("POST " + label, () -> admin.send("POST", "/v2/spaces",
          json(body("name", "never", "organization_id", org)),
          Map.of("Authorization", header, "Content-Type", "application/json")));
      requests.put("DELETE " + label, () -> admin.send("DELETE", "/v2/spaces/" + seg(space),
          null, Map.of("Authorization", header)));
    }
    requests.put("GET, no header", () -> admin.as(null).get("/v2/spaces"));
    requests.put("DELETE, no header", () -> admin.as(null).delete("/v2/spaces/" + seg(space)));
    // UTF-8 bytes straight onto the wire (HttpClient sends only Latin-1, and '?' for the rest).
    for (String header : List.of("Authorization: Bearer \u043a\u043b\u044e\u0447",
        "Authorization: Bearer \uD83D\uDE80", "Authorization: \u00ff\u00fe")) {
      requests.put("raw " + header, () -> RawHttp.send(admin.baseUrl(), "GET",
          utf8("/v2/spaces"), List.of(new String(utf8(header), StandardCharsets.ISO_8859_1)),
          null));
    }
    requests.forEach((label, request) -> failures.check(label,
        () -> details.add(rejected(request, 401).text("detail"))));
    failures.check("same detail every time", () -> assertThat(details).containsOnly(
        details.get(0)));
    failures.verify();
  }

  @Example
  void aKeyDifferingOnlyInCaseIsA401EvenOnAConnectionThatSawTheRealKey() {
    // Jetty caches header values per connection; a case-insensitive cache once turned the second
    // request's header into the first's, authenticating a key that is not the key.
    String memberKey = server.fixtures().user("member").api().key();
    for (String key : List.of(admin.key(), memberKey)) {
      List<ApiResponse> responses = RawHttp.exchange(admin.baseUrl(), "GET", utf8("/v2/spaces"),
          List.of(List.of("Authorization: Bearer " + key),
              List.of("Authorization: Bearer " + swapCase(key)),
              List.of("Authorization: bearer " + key),
              List.of("Authorization: Bearer " + swapCase(key))),
          null);
      assertThat(responses).extracting(ApiResponse::status).as("statuses for %s", key)
          .containsExactly(200, 401, 200, 401);
    }
  }

  @Example
  void badIdempotencyKeysAreA400AndAReusedKeyA422() {
    Failures failures = new Failures();
    for (BodyRoute route : bodyRoutes) {
      if (!route.method.equals("POST")) {
        continue;
      }
      for (String key : List.of("k".repeat(256), "tab\there", " ")) {
        failures.check(route + " Idempotency-Key " + abbreviate(key), () -> assertDetail(
            rejected(() -> admin.send("POST", route.path, json(route.validBody),
                Map.of("Content-Type", "application/json", "Idempotency-Key", key)), 400),
            "Idempotency-Key"));
      }
      // HttpClient would send these as '?'; raw bytes, as UTF-8 and as Latin-1.
      for (byte[] key : List.of(utf8("caf\u00e9"), new byte[] {'c', 'a', 'f', (byte) 0xe9},
          utf8("\uD83D\uDE80"))) {
        failures.check(route + " raw Idempotency-Key " + new String(key,
            StandardCharsets.ISO_8859_1), () -> assertDetail(rejected(() -> RawHttp.send(
                admin.baseUrl(), "POST", utf8(route.path), List.of(
                    "Authorization: Bearer " + admin.key(), "Content-Type: application/json",
                    "Idempotency-Key: " + new String(key, StandardCharsets.ISO_8859_1)),
                utf8(json(route.validBody))), 400), "Idempotency-Key"));
      }
      // A key that carried a bad request is not used up: nothing was stored for it.
      String key = Fixtures.unique("idem");
      failures.check(route + " bad body under a fresh key", () -> rejected(() -> admin.send(
          "POST", route.path, "{", Map.of("Content-Type", "application/json",
              "Idempotency-Key", key)), 400));
    }
    // The same key with another request: refused, and the second body is not written.
    String key = Fixtures.unique("idem");
    admin.send("POST", "/v2/spaces", json(body("name", Fixtures.unique("idem-space"),
        "organization_id", org)), Map.of("Content-Type", "application/json",
        "Idempotency-Key", key)).expect(201);
    failures.check("reused key", () -> assertDetail(rejected(() -> admin.send("POST",
        "/v2/spaces", json(body("name", Fixtures.unique("idem-other"), "organization_id", org)),
        Map.of("Content-Type", "application/json", "Idempotency-Key", key)), 422),
        "Idempotency-Key"));
    failures.verify();
  }

  // ----------------------------------------------------------------- routes and methods

  @Example
  void unknownRoutesAreA404Problem() {
    Failures failures = new Failures();
    for (String path : List.of("/v2/nope", "/v2", "/v2/", "/v3/spaces", "/", "/favicon.ico",
        "/v2/spaces/" + seg(space) + "/nope", "/v2/spaces/" + seg(space) + "/users/"
            + seg(user) + "/extra", "/v2/SPACES", "/v2/space",
        "/v2/spaces.json", "/V2/spaces")) {
      failures.check("GET " + path, () -> rejected(() -> admin.get(path), 404));
    }
    // An empty segment is refused before routing, as ambiguous.
    failures.check("GET /v2//spaces", () -> rejected(() -> admin.get("/v2//spaces"), 400, 404));
    failures.verify();
  }

  @Example
  void wrongMethodsAreA405Problem() {
    Failures failures = new Failures();
    List<String[]> cases = List.of(
        new String[] {"PUT", "/v2/spaces"}, new String[] {"DELETE", "/v2/spaces"},
        new String[] {"PATCH", "/v2/spaces"}, new String[] {"PUT", "/v2/spaces/" + seg(space)},
        new String[] {"POST", "/v2/spaces/" + seg(space)},
        new String[] {"PATCH", "/v2/spaces/" + seg(space) + "/users"},
        new String[] {"GET", "/v2/spaces/" + seg(space) + "/users/" + seg(user)},
        new String[] {"PUT", "/v2/organizations"}, new String[] {"DELETE", "/v2/users"},
        new String[] {"POST", "/v2/roles/" + seg(role)},
        new String[] {"PUT", "/v2/role-bindings/" + seg(binding)},
        new String[] {"GET", "/v2/users/" + seg(user) + "/api-keys"},
        new String[] {"POST", "/healthz"});
    for (String[] c : cases) {
      failures.check(c[0] + " " + c[1], () -> rejected(() -> admin.send(c[0], c[1],
          "{\"name\":\"never\"}", Map.of("Content-Type", "application/json")), 405));
    }
    // Methods HttpClient won't send; Jetty answers CONNECT itself, before any route.
    for (String method : List.of("TRACE", "FOO", "CONNECT")) {
      failures.check(method, () -> rejected(() -> RawHttp.send(admin.baseUrl(), method,
          utf8("/v2/spaces"), List.of("Authorization: Bearer " + admin.key()), null), 400, 405));
    }
    failures.check("OPTIONS *", () -> rejected(() -> RawHttp.send(admin.baseUrl(), "OPTIONS",
        utf8("*"), List.of("Authorization: Bearer " + admin.key()), null), 400, 404, 405));
    failures.verify();
  }

  // -------------------------------------------------------------------------- properties

  @Property(tries = 200)
  void randomJsonNeverCreatesAnything(@ForAll("randomBodies") String body) {
    rejected(() -> admin.send("POST", "/v2/spaces", body,
        Map.of("Content-Type", "application/json")), 400, 404);
  }

  @Property(tries = 200)
  void randomBytesNeverCreateAnything(@ForAll("randomBytes") byte[] body) {
    rejected(() -> admin.sendBytes("POST", "/v2/spaces", body,
        Map.of("Content-Type", "application/json")), 400);
  }

  @Property(tries = 200)
  void aValidBodyWithOneDefectWritesNothing(@ForAll("oneDefect") String body) {
    rejected(() -> admin.send("POST", "/v2/spaces", body,
        Map.of("Content-Type", "application/json")), 400);
  }

  @Property(tries = 300)
  void randomPathIdsAreA400Or404(@ForAll("randomIds") String id,
      @ForAll("idMethods") String method) {
    String encoded = seg(id).replace(".", "%2E").replace("*", "%2A");
    rejected(() -> admin.send(method, "/v2/spaces/" + encoded,
        method.equals("PATCH") ? "{\"name\":\"never\"}" : null,
        Map.of("Content-Type", "application/json")), 400, 404);
  }

  @Property(tries = 300)
  void randomCursorsAreA400(@ForAll("randomCursors") String cursor) {
    assertDetail(rejected(() -> admin.get("/v2/spaces?cursor=" + seg(cursor)), 400), "cursor");
  }

  @Property(tries = 200)
  void randomLimitsAreA400(@ForAll("randomLimits") String limit) {
    assertDetail(rejected(() -> admin.get("/v2/spaces?limit=" + seg(limit)), 400), "limit");
  }

  @Property(tries = 200)
  void randomAuthorizationIsA401(@ForAll("randomHeaders") String header) {
    rejected(() -> admin.send("POST", "/v2/organizations", "{\"name\":\"never\"}",
        Map.of("Authorization", header, "Content-Type", "application/json")), 401);
  }

  @Provide
  Arbitrary<String> randomBodies() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, jsonValue(3)),
        Tuple.of(3, jsonObject(jsonValue(2))),
        Tuple.of(2, jsonValue(3).flatMap(BadInputTest::garble)),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(60)));
  }

  @Provide
  Arbitrary<byte[]> randomBytes() {
    Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    // Mostly starting with '{' so the parser gets past the first byte.
    return Arbitraries.oneOf(any, any.map(b -> {
      byte[] out = new byte[b.length + 1];
      out[0] = '{';
      System.arraycopy(b, 0, out, 1, b.length);
      return out;
    }));
  }

  /** A valid space create body, spoiled in exactly one way. */
  @Provide
  Arbitrary<String> oneDefect() {
    Arbitrary<String> names = Arbitraries.strings().ofMinLength(1).ofMaxLength(30)
        .excludeChars('\u0000').filter(s -> !hasLoneSurrogate(s));
    Arbitrary<String> wrongValues = Arbitraries.of("1", "-0.5", "true", "false", "[]",
        "[\"x\"]", "{}", "{\"a\":1}", "1e400");
    Arbitrary<String> extraKeys = Arbitraries.oneOf(
        Arbitraries.of("id", "created_at", "updated_at", "space_id", "Name", "NAME", "name ",
            "organizationId", "", "\u0000", "descriptión"),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
            .filter(k -> !List.of("name", "description", "organization_id").contains(k)));
    Arbitrary<Integer> defects = Arbitraries.integers().between(0, 7);
    return Combinators.combine(names, wrongValues, extraKeys, defects)
        .as((name, wrong, extra, defect) -> {
          String n = quote(name);
          String o = quote(org);
          return switch (defect) {
            case 0 -> "{\"name\":" + wrong + ",\"organization_id\":" + o + "}";
            case 1 -> "{\"name\":" + n + ",\"organization_id\":" + wrong + "}";
            case 2 -> "{\"name\":" + n + ",\"organization_id\":" + o + ",\"description\":"
                + wrong + "}";
            case 3 -> "{\"name\":" + n + ",\"organization_id\":" + o + "," + quote(extra)
                + ":\"x\"}";
            case 4 -> "{\"organization_id\":" + o + ",\"description\":" + n + "}";
            case 5 -> "{\"name\":" + n + ",\"organization_id\":" + o + ",\"name\":" + n + "}";
            case 6 -> "{\"name\":" + quote(name.repeat(256 / name.length() + 1))
                + ",\"organization_id\":" + o + "}";
            default -> "{\"name\":" + n + ",\"organization_id\":" + o;
          };
        });
  }

  @Provide
  Arbitrary<String> randomIds() {
    Arbitrary<String> texts = Arbitraries.strings().ofMinLength(1).ofMaxLength(60);
    Arbitrary<String> idLike = Combinators.combine(
        Arbitraries.of("Space", "Organization", "User", "Role", "space", "", "Space "),
        Arbitraries.longs().between(-5, Long.MAX_VALUE).map(String::valueOf),
        Arbitraries.strings().ofMinLength(0).ofMaxLength(6))
        .as((type, n, suffix) -> b64(type + ":" + n + ":" + suffix));
    return Arbitraries.oneOf(texts, idLike, texts.map(BadInputTest::b64));
  }

  @Provide
  Arbitrary<String> idMethods() {
    return Arbitraries.of("GET", "PATCH", "DELETE");
  }

  @Provide
  Arbitrary<String> randomCursors() {
    Arbitrary<String> texts = Arbitraries.strings().ofMinLength(1).ofMaxLength(300);
    Arbitrary<String> rightSize = Arbitraries.bytes().array(byte[].class).ofSize(40)
        .map(b -> {
          byte[] all = new byte[41];
          all[0] = 1; // the current cursor version, so only the MAC can refuse it
          System.arraycopy(b, 0, all, 1, 40);
          return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        });
    String real = spaceCursor();
    Arbitrary<String> edited = Arbitraries.integers().between(0, real.length() - 1)
        .flatMap(i -> Arbitraries.chars().with(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray())
            .filter(c -> c != real.charAt(i))
            .map(c -> real.substring(0, i) + c + real.substring(i + 1)));
    return Arbitraries.oneOf(texts, rightSize, edited);
  }

  @Provide
  Arbitrary<String> randomLimits() {
    return Arbitraries.strings().ofMinLength(0).ofMaxLength(12)
        .filter(s -> !s.matches("0*([1-9]|[1-9][0-9]|100)"));
  }

  @Provide
  Arbitrary<String> randomHeaders() {
    // What java.net.http lets through: printable Latin-1, plus tab.
    Arbitrary<String> value = Arbitraries.strings()
        .withCharRange(' ', '~').withCharRange('\u00a0', '\u00ff').withChars('\t')
        .ofMinLength(0).ofMaxLength(300);
    return Arbitraries.oneOf(value, value.map(v -> "Bearer " + v),
        value.map(v -> "Bearer spk_" + v));
  }

  // -------------------------------------------------------------------- JSON generators

  static Arbitrary<String> jsonValue(int depth) {
    Arbitrary<String> scalars = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20).map(BadInputTest::quote),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.of("true", "false", "null", "1e999", "-0", "\"\""));
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<String> arrays = jsonValue(depth - 1).list().ofMaxSize(4)
        .map(items -> "[" + String.join(",", items) + "]");
    return Arbitraries.oneOf(scalars, arrays, jsonObject(jsonValue(depth - 1)));
  }

  /** Objects with keys a space body might have (and some it must not) and random values. */
  static Arbitrary<String> jsonObject(Arbitrary<String> values) {
    Arbitrary<String> keys = Arbitraries.oneOf(
        Arbitraries.of("name", "description", "organization_id", "id", "created_at", "role"),
        Arbitraries.strings().ofMaxLength(10));
    return Combinators.combine(keys, values).as((k, v) -> quote(k) + ":" + v)
        .list().ofMaxSize(5).map(members -> "{" + String.join(",", members) + "}");
  }

  /** Cuts, duplicates or inserts characters so that the text is unlikely to stay JSON. */
  static Arbitrary<String> garble(String json) {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, json.length());
    return Arbitraries.oneOf(
        at.map(i -> json.substring(0, i)),
        Combinators.combine(at, Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000",
            "\uFFFF", "/*", "'")).as((i, s) -> json.substring(0, i) + s + json.substring(i)));
  }

  // ------------------------------------------------------------------------------ helpers

  /**
   * Sends the request and checks that it was refused with one of {@code statuses} as a Problem,
   * and that the store is exactly as it was before.
   */
  static ApiResponse rejected(Supplier<ApiResponse> request, int... statuses) {
    String before = store.fingerprint();
    ApiResponse r = request.get();
    assertThat(r.status()).as("status of %s", describe(r)).isBetween(400, 499);
    assertThat(r.status()).as("status of %s", describe(r)).isIn(boxed(statuses));
    assertThat(r.header("Content-Type")).as("Content-Type of %s", describe(r))
        .startsWith("application/problem+json");
    JsonNode json = r.json();
    assertThat(json).as("body of %s", describe(r)).isNotNull();
    assertThat(json.path("status").isInt()).as("integer status in %s", describe(r)).isTrue();
    assertThat(json.get("status").asInt()).as("status field of %s", describe(r))
        .isEqualTo(r.status());
    assertThat(json.path("title").asText("")).as("title of %s", describe(r)).isNotBlank();
    assertThat(json.path("detail").asText("")).as("detail of %s", describe(r)).isNotBlank();
    assertThat(store.fingerprint()).as("store after %s", describe(r)).isEqualTo(before);
    return r;
  }

  static void assertDetail(ApiResponse r, String fragment) {
    if (fragment != null) {
      assertThat(r.text("detail").toLowerCase(Locale.ROOT)).as("detail of %s", describe(r))
          .contains(fragment.toLowerCase(Locale.ROOT));
    }
  }

  static void assertDetailAny(ApiResponse r, String... fragments) {
    String detail = r.text("detail").toLowerCase(Locale.ROOT);
    assertThat(Stream.of(fragments).map(f -> f.toLowerCase(Locale.ROOT)).anyMatch(
        detail::contains)).as("detail of %s names one of %s", describe(r), List.of(fragments))
        .isTrue();
  }

  /** The response, with its body cut short: some bodies are kilobytes of emoji. */
  static String describe(ApiResponse r) {
    String body = r.body() == null ? "" : r.body();
    return r.method() + " " + abbreviate(r.path()) + " -> " + r.status() + " "
        + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
  }

  private static ApiResponse send(BodyRoute route, Map<String, Object> body) {
    if (body == null) {
      return admin.send(route.method, route.path, null, Map.of());
    }
    return admin.send(route.method, route.path, json(body),
        Map.of("Content-Type", "application/json"));
  }

  private static BodyRoute route(String name) {
    return bodyRoutes.stream().filter(r -> r.name.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name));
  }

  private static Map<String, Object> with(BodyRoute route, String field, Object value) {
    return with(route.validBody, field, value);
  }

  private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.put(field, value);
    return copy;
  }

  private static BadField spoil(BodyRoute route, String field, Object value, String named) {
    return new BadField(route, field + "=" + json(value), with(route, field, value), named);
  }

  private static BadField without(BodyRoute route, String field) {
    Map<String, Object> copy = new LinkedHashMap<>(route.validBody);
    copy.remove(field);
    return new BadField(route, "without " + field, copy, field);
  }

  /** A genuine cursor of {@code GET /v2/spaces?limit=1} (no other filters). */
  private static String spaceCursor() {
    return firstCursor("/v2/spaces?limit=1",
        () -> admin.post("/v2/spaces", body("name", Fixtures.unique("pad"), "organization_id",
            org)).expect(201));
  }

  /** A genuine cursor of {@code GET /v2/organizations?limit=1}. */
  private static String organizationCursor() {
    return firstCursor("/v2/organizations?limit=1",
        () -> admin.post("/v2/organizations", body("name", Fixtures.unique("pad"))).expect(201));
  }

  private static String firstCursor(String path, Runnable addOne) {
    // Make sure there is a second page to point at.
    while (admin.get(path).expect(200).json().get("pagination").path("next_cursor")
        .isMissingNode()) {
      addOne.run();
    }
    return admin.get(path).json().get("pagination").get("next_cursor").asText();
  }

  private static String pathOf(String type) {
    return switch (type) {
      case "Space" -> "/v2/spaces";
      case "Organization" -> "/v2/organizations";
      case "User" -> "/v2/users";
      case "Role" -> "/v2/roles";
      case "ApiKey" -> "/v2/api-keys";
      default -> "/v2/role-bindings";
    };
  }

  private static String decodedNumber(String id) {
    return new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8).split(":")[1];
  }

  private static String otherSuffix(String id) {
    String suffix = new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8)
        .split(":")[2];
    return suffix.equals("zzzz") ? "yyyy" : "zzzz";
  }

  static String json(Object value) {
    try {
      return Api.JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String quote(String s) {
    return json(s);
  }

  static String b64(String text) {
    return b64(utf8(text));
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Text and raw byte values, concatenated. */
  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.writeBytes(utf8(s));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }

  private static byte[] padded(String json, int size) {
    byte[] body = utf8(json);
    byte[] out = new byte[size];
    Arrays.fill(out, (byte) ' ');
    System.arraycopy(body, 0, out, 0, body.length);
    return out;
  }

  private static String swapCase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return out.toString();
  }

  /**
   * The cursor with the unused low bits of its last base64 character set differently: the same
   * bytes once decoded, but not the text the server issued.
   */
  private static String otherSpellingOfTheSameBytes(String cursor) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int unusedBits = cursor.length() * 6 % 8;
    assertThat(unusedBits).as("unused bits in a %d-character cursor", cursor.length())
        .isPositive();
    char last = cursor.charAt(cursor.length() - 1);
    char other = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String edited = cursor.substring(0, cursor.length() - 1) + other;
    assertThat(Base64.getUrlDecoder().decode(edited))
        .isEqualTo(Base64.getUrlDecoder().decode(cursor));
    return edited;
  }

  private static String flip(String cursor, int at) {
    char c = cursor.charAt(at);
    return cursor.substring(0, at) + (c == 'A' ? 'B' : 'A') + cursor.substring(at + 1);
  }

  private static String sep(String path) {
    return path.contains("?") ? "&" : "?";
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
  }

  private static boolean hasLoneSurrogate(String s) {
    return !s.codePoints().allMatch(cp -> cp < 0xD800 || cp > 0xDFFF);
  }

  private static Integer[] boxed(int[] values) {
    return Arrays.stream(values).boxed().toArray(Integer[]::new);
  }

  /** Collects every failing case of an example, so one run reports them all. */
  static final class Failures {
    private final List<String> messages = new ArrayList<>();
    private int cases;

    void check(String label, Runnable check) {
      cases++;
      try {
        check.run();
      } catch (AssertionError | RuntimeException e) {
        messages.add(label + ":\n    " + String.valueOf(e.getMessage()).replace("\n", "\n    "));
      }
    }

    void verify() {
      if (!messages.isEmpty()) {
        throw new AssertionError(messages.size() + " of " + cases + " cases failed:\n"
            + messages.stream().collect(Collectors.joining("\n")));
      }
    }
  }
}
