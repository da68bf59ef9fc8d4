package dev.spaceport.server.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Makes requests that are almost right: a real route with real IDs, real cursors and a body the
 * route accepts, then one to three things spoiled — a path ID, a query parameter, a cursor, a body
 * field or byte, a header, the Authorization value, the method. About one case in eight is left
 * valid, so successes (and their writes) happen too. Deletes and member removals always carry a
 * spoiled ID, so the world the fuzzer aims at stays intact for the whole run.
 */
final class RequestGenerator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String B64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final List<String> TYPES = List.of("Space", "Organization", "User", "Role",
      "RoleBinding", "SpaceMembership", "OrganizationMembership", "ApiKey");

  /** One generated request. {@code label} says what was spoiled, for failure reports. */
  record Case(String op, String method, String target, List<String> headers, byte[] body,
      String label, String authorization, boolean spoiledDelete) {}

  /** A route: how to fill its path, its query and its body. */
  private record Op(String name, String method, String template, int weight,
      Function<FuzzWorld, Map<String, String>> pathIds, List<String> queryParams,
      Function<RequestGenerator, Map<String, Object>> body, boolean destructive) {}

  private final FuzzWorld w;
  private final SplittableRandom r;
  private final List<Op> ops = new ArrayList<>();
  private final int totalWeight;
  private int sequence;

  RequestGenerator(FuzzWorld world, long seed) {
    this.w = world;
    this.r = new SplittableRandom(seed);
    Map<String, Object> member = Map.of("type", "predefined", "name", "member");
    op("spaces.list", "GET", "/v2/spaces", 6, x -> Map.of(),
        List.of("org_id", "name", "name_match", "limit", "cursor"), null, false);
    op("spaces.create", "POST", "/v2/spaces", 6, x -> Map.of(), List.of(),
        g -> obj("name", "fuzz space", "organization_id", w.org, "description", "d"), false);
    op("spaces.get", "GET", "/v2/spaces/{space_id}", 4, x -> Map.of("space_id", w.space),
        List.of(), null, false);
    op("spaces.update", "PATCH", "/v2/spaces/{space_id}", 5,
        x -> Map.of("space_id", w.space), List.of(),
        g -> obj("description", "fuzzed " + g.r.nextInt(1000)), false);
    op("spaces.delete", "DELETE", "/v2/spaces/{space_id}", 2, x -> Map.of("space_id", w.space),
        List.of(), null, true);
    op("spaces.members", "GET", "/v2/spaces/{space_id}/users", 3,
        x -> Map.of("space_id", w.space), List.of("limit", "cursor"), null, false);
    op("spaces.addUser", "POST", "/v2/spaces/{space_id}/users", 5,
        x -> Map.of("space_id", w.space), List.of(),
        g -> obj("user_id", w.member, "role", g.r.nextBoolean() ? member
            : Map.of("type", "custom", "id", w.role)), false);
    op("spaces.removeUser", "DELETE", "/v2/spaces/{space_id}/users/{user_id}", 2,
        x -> Map.of("space_id", w.space, "user_id", w.member), List.of(), null, true);
    op("orgs.list", "GET", "/v2/organizations", 4, x -> Map.of(),
        List.of("name", "name_match", "limit", "cursor"), null, false);
    op("orgs.create", "POST", "/v2/organizations", 4, x -> Map.of(), List.of(),
        g -> obj("name", "fuzz org", "description", "d"), false);
    op("orgs.get", "GET", "/v2/organizations/{org_id}", 3, x -> Map.of("org_id", w.org),
        List.of(), null, false);
    op("orgs.update", "PATCH", "/v2/organizations/{org_id}", 4, x -> Map.of("org_id", w.org2),
        List.of(), g -> obj("description", "fuzzed"), false);
    op("orgs.delete", "DELETE", "/v2/organizations/{org_id}", 2, x -> Map.of("org_id", w.org),
        List.of(), null, true);
    op("orgs.addUser", "POST", "/v2/organizations/{org_id}/users", 4,
        x -> Map.of("org_id", w.org2), List.of(), g -> obj("user_id", w.victim, "role", member),
        false);
    op("orgs.removeUser", "DELETE", "/v2/organizations/{org_id}/users/{user_id}", 2,
        x -> Map.of("org_id", w.org, "user_id", w.member), List.of(), null, true);
    op("users.list", "GET", "/v2/users", 4, x -> Map.of(),
        List.of("email", "status", "limit", "cursor"), null, false);
    op("users.create", "POST", "/v2/users", 5, x -> Map.of(), List.of(),
        g -> obj("name", "Fuzz", "email", "fuzz@example.com", "role", member,
            "invite_mode", "none", "is_developer", true), false);
    op("users.get", "GET", "/v2/users/{user_id}", 3, x -> Map.of("user_id", w.member),
        List.of(), null, false);
    op("users.update", "PATCH", "/v2/users/{user_id}", 4, x -> Map.of("user_id", w.victim),
        List.of(), g -> obj("name", "Victim", "is_developer", true), false);
    op("users.delete", "DELETE", "/v2/users/{user_id}", 2, x -> Map.of("user_id", w.victim),
        List.of(), null, true);
    op("users.mintKey", "POST", "/v2/users/{user_id}/api-keys", 4,
        x -> Map.of("user_id", w.victim), List.of(),
        g -> obj("name", "minted", "expires_at", "2099-01-01T00:00:00Z"), false);
    op("roles.list", "GET", "/v2/roles", 3, x -> Map.of(),
        List.of("is_predefined", "limit", "cursor"), null, false);
    op("roles.create", "POST", "/v2/roles", 5, x -> Map.of(), List.of(),
        g -> obj("name", "fuzz role", "description", "d",
            "permissions", List.of("SPACE_READ", "ROLE_BINDING_READ")), false);
    op("roles.get", "GET", "/v2/roles/{role_id}", 3, x -> Map.of("role_id", w.role),
        List.of(), null, false);
    op("roles.update", "PATCH", "/v2/roles/{role_id}", 4, x -> Map.of("role_id", w.role),
        List.of(), g -> obj("permissions", List.of("SPACE_READ", "ROLE_BINDING_READ")), false);
    op("roles.delete", "DELETE", "/v2/roles/{role_id}", 2, x -> Map.of("role_id", w.role),
        List.of(), null, true);
    op("bindings.list", "GET", "/v2/role-bindings", 4, x -> Map.of(),
        List.of("resource_type", "user_id", "limit", "cursor"), null, false);
    op("bindings.create", "POST", "/v2/role-bindings", 5, x -> Map.of(), List.of(),
        g -> obj("role_id", w.role, "user_id", w.member, "resource_type", "SPACE",
            "resource_id", w.space), false);
    op("bindings.get", "GET", "/v2/role-bindings/{binding_id}", 3,
        x -> Map.of("binding_id", w.binding), List.of(), null, false);
    op("bindings.update", "PATCH", "/v2/role-bindings/{binding_id}", 4,
        x -> Map.of("binding_id", w.binding), List.of(), g -> obj("role_id", w.role), false);
    op("bindings.delete", "DELETE", "/v2/role-bindings/{binding_id}", 2,
        x -> Map.of("binding_id", w.binding), List.of(), null, true);
    op("keys.list", "GET", "/v2/api-keys", 3, x -> Map.of(),
        List.of("key_type", "status", "limit", "cursor"), null, false);
    op("keys.create", "POST", "/v2/api-keys", 4, x -> Map.of(), List.of(),
        g -> obj("name", "fuzz key", "description", "d", "key_type", "user"), false);
    op("keys.delete", "DELETE", "/v2/api-keys/{api_key_id}", 2,
        x -> Map.of("api_key_id", w.ownKey), List.of(), null, true);
    op("keys.refresh", "POST", "/v2/api-keys/{api_key_id}/refresh", 4,
        x -> Map.of("api_key_id", w.ownKey), List.of(),
        g -> obj("grace_period_seconds", 0), false);
    op("unknown", "GET", "/v2/nothing-here", 1, x -> Map.of(), List.of(), null, false);
    op("healthz", "GET", "/healthz", 1, x -> Map.of(), List.of(), null, false);
    int total = 0;
    for (Op op : ops) {
      total += op.weight;
    }
    totalWeight = total;
  }

  private void op(String name, String method, String template, int weight,
      Function<FuzzWorld, Map<String, String>> ids, List<String> query,
      Function<RequestGenerator, Map<String, Object>> body, boolean destructive) {
    ops.add(new Op(name, method, template, weight, ids, query, body, destructive));
  }

  // -------------------------------------------------------------------------------- a case

  Case next() {
    sequence++;
    Op op = pick();
    List<String> spoiled = new ArrayList<>();
    boolean valid = !op.destructive && r.nextInt(8) == 0;
    int defects = valid ? 0 : 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
    // Which surfaces get a defect; a destructive op always gets a spoiled path ID.
    boolean spoilId = op.destructive;
    boolean spoilQuery = false;
    boolean spoilBody = false;
    boolean spoilAuth = false;
    boolean spoilHeaders = false;
    boolean spoilMethod = false;
    boolean hasIds = op.template.contains("{");
    for (int i = 0; i < defects; i++) {
      // A defect on one of the surfaces this route has, weighted.
      int body = op.body != null ? 30 : 0;
      int query = op.queryParams.isEmpty() ? 0 : 25;
      int id = hasIds ? 25 : 0;
      int roll = r.nextInt(body + query + id + 8 + 9 + 3);
      if ((roll -= body) < 0) {
        spoilBody = true;
      } else if ((roll -= query) < 0) {
        spoilQuery = true;
      } else if ((roll -= id) < 0) {
        spoilId = true;
      } else if ((roll -= 8) < 0) {
        spoilAuth = true;
      } else if ((roll -= 9) < 0) {
        spoilHeaders = true;
      } else {
        spoilMethod = true;
      }
    }
    // Method (first: a DELETE, even by accident, must not name a real thing).
    String method = op.method;
    if (spoilMethod) {
      method = pickOf("PUT", "PATCH", "DELETE", "POST", "GET", "HEAD", "OPTIONS", "TRACE", "get",
          "FOO", "PROPFIND");
      spoiled.add("method " + method);
      if (method.equals("DELETE") && hasIds) {
        spoilId = true;
      }
    }
    boolean destructive = op.destructive || method.equals("DELETE");

    // Path.
    String path = op.template;
    Map<String, String> ids = op.pathIds.apply(w);
    List<String> names = new ArrayList<>(ids.keySet());
    String mustSpoil = spoilId && !names.isEmpty() ? names.get(r.nextInt(names.size())) : null;
    for (String param : names) {
      String id = ids.get(param);
      String encoded;
      if (param.equals(mustSpoil) || spoilId && r.nextInt(4) == 0) {
        encoded = spoilIdInPath(id, destructive, spoiled);
      } else {
        encoded = seg(id);
      }
      path = path.replace("{" + param + "}", encoded);
    }

    // Query.
    String query = query(op, spoilQuery, spoiled);
    String target = query.isEmpty() ? path : path + "?" + query;

    // Body.
    byte[] body = null;
    boolean hasBody = op.body != null;
    if (hasBody) {
      Map<String, Object> valid1 = op.body.apply(this);
      body = spoilBody ? spoilBody(valid1, spoiled) : json(valid1);
    } else if (spoilMethod && r.nextBoolean()) {
      body = json(Map.of("name", "x"));
    } else if (spoilBody) {
      body = randomBytes(r.nextInt(40));
      spoiled.add("body on a bodiless route");
    }

    // Headers.
    List<String> headers = new ArrayList<>();
    String authorization = authorization(spoilAuth, spoiled);
    if (authorization != null) {
      headers.add("Authorization: " + authorization);
    }
    if (body != null) {
      headers.add("Content-Type: " + (spoilHeaders && r.nextInt(3) == 0
          ? contentType(spoiled) : "application/json"));
    }
    if (spoilHeaders) {
      extraHeaders(headers, body != null, spoiled);
    } else if (method.equals("POST") && r.nextInt(10) == 0) {
      headers.add("Idempotency-Key: fuzz-" + r.nextLong());
    }
    String label = spoiled.isEmpty() ? "valid" : String.join("; ", spoiled);
    return new Case(op.name, method, target, headers, body, label, authorization,
        destructive && spoilId);
  }

  private Op pick() {
    int roll = r.nextInt(totalWeight);
    for (Op op : ops) {
      roll -= op.weight;
      if (roll < 0) {
        return op;
      }
    }
    throw new IllegalStateException();
  }

  // ------------------------------------------------------------------------------ path IDs

  /** A spoiled form of {@code id}, already as it goes into the path. */
  private String spoilIdInPath(String id, boolean destructive, List<String> spoiled) {
    int roll = r.nextInt(100);
    if (roll < 8 && destructive) {
      // Nothing that normalises to the ID itself or to another route ("..", a trailing '/').
      String raw = pickOf("%ZZ", "%", "%C3", "%C3%28", "%00", "%2F", "%FF", "%E2%80%AE", "a%20b",
          "%252F", seg(id) + "%00", seg(id) + "%2F", "%EF%BB%BF" + seg(id), "*", "%2A", "~", "@");
      spoiled.add("path id raw '" + raw + "'");
      return raw;
    }
    if (roll < 8) {
      String raw = pickOf("%ZZ", "%", "%C3", "%C3%28", "%00", "%2F", "%2F%2F", "%2E%2E",
          "..", ".", "%u0041", "%FF", "%E2%80%AE", "a%20b", "%252F", seg(id) + "%00",
          seg(id) + "/", seg(id) + "%2F", "%EF%BB%BF" + seg(id), seg(id).toLowerCase(Locale.ROOT),
          "%" + seg(id), "*", "%2A", "~", "@", ":", "%3A");
      spoiled.add("path id raw '" + raw + "'");
      return raw;
    }
    if (roll < 12 && !destructive) {
      String other = w.allIds().get(r.nextInt(w.allIds().size()));
      spoiled.add("path id of another thing " + other);
      return seg(other);
    }
    String mutated = mutateId(id);
    if (mutated.equals(id)) {
      mutated = id + "A";
    }
    spoiled.add("path id '" + abbreviate(mutated) + "'");
    int encoding = r.nextInt(10);
    if (encoding == 0) {
      return seg(mutated).replace("%3D", "%3d"); // lower-case escape
    }
    if (encoding == 1) {
      return percentEncodeAll(mutated);
    }
    if (encoding == 2) {
      return seg(mutated).replace("%3D", "="); // '=' left raw
    }
    return seg(mutated);
  }

  /** An ID, changed in one way: its base64 text, or the decoded type, number or suffix. */
  String mutateId(String id) {
    String[] parts;
    String text;
    try {
      text = new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8);
      parts = text.split(":", -1);
    } catch (IllegalArgumentException e) {
      parts = new String[0];
      text = id;
    }
    if (parts.length != 3 || !parts[1].matches("[0-9]+")) {
      return id + pickOf("A", "=", "%", ":1");  // already spoiled once
    }
    switch (r.nextInt(16)) {
      case 0: {
        int at = r.nextInt(id.length());
        char c = B64.charAt(r.nextInt(B64.length()));
        return id.substring(0, at) + c + id.substring(at + 1);
      }
      case 1:
        return id.replace("=", "");
      case 2:
        return id + pickOf("=", "==", "A", "AAAA", "%", " ", "\u00e9");
      case 3:
        return id.substring(0, r.nextInt(id.length()));
      case 4:
        return b64(pickOf(TYPES.toArray(new String[0])) + ":" + parts[1] + ":" + parts[2]);
      case 5:
        return b64(pickOf("space", "SPACE", "Galaxy", "", " Space", "Space ", "Spac\u00e9",
            "Space\u0000") + ":" + parts[1] + ":" + parts[2]);
      case 6:
        return b64(parts[0] + ":" + pickOf("0", "-1", "01", "+1", "1.0", "1e3", "", " 1",
            "99999999999999999999", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", String.valueOf(r.nextLong()),
            successor(parts[1]), "0x1", "\u0661") + ":" + parts[2]);
      case 7:
        return b64(parts[0] + ":" + parts[1] + ":" + randomText(BASE62, 4));
      case 8:
        return b64(parts[0] + ":" + parts[1] + ":" + pickOf("", "a", "abc", "abcde",
            parts[2].toUpperCase(Locale.ROOT), parts[2] + " ", "ab_d", "ab/d", "\u00e9\u00e9\u00e9\u00e9",
            "'--;", "%_\\x"));
      case 9:
        return b64(text + ":" + pickOf("x", "", "1"));
      case 10:
        return b64(parts[0] + ":" + parts[2]);
      case 11:
        return Base64.getUrlEncoder().encodeToString((text + "?>").getBytes(
            StandardCharsets.UTF_8));
      case 12:
        return text; // not base64 at all
      case 13:
        return Base64.getEncoder().encodeToString(randomBytes(1 + r.nextInt(30)));
      case 14:
        return "A".repeat(1 + r.nextInt(r.nextInt(10) == 0 ? 5000 : 64));
      default:
        return b64(parts[0] + ":" + parts[1] + ":" + parts[2] + "\n");
    }
  }

  // ------------------------------------------------------------------------------- queries

  private String query(Op op, boolean spoil, List<String> spoiled) {
    List<String> pairs = new ArrayList<>();
    boolean cursorUsed = false;
    for (String param : op.queryParams) {
      if (param.equals("resource_type")) {
        pairs.add("resource_type=SPACE");
      } else if (param.equals("cursor") && r.nextInt(3) == 0) {
        String list = listKey(op, pairs);
        String cursor = w.cursors.get(list);
        if (cursor != null) {
          pairs.add("cursor=" + q(cursor));
          cursorUsed = true;
        }
      } else if (param.equals("limit") && r.nextInt(3) == 0) {
        pairs.add("limit=" + (1 + r.nextInt(r.nextBoolean() ? 100 : 5)));
      } else if (r.nextInt(5) == 0) {
        String value = switch (param) {
          case "org_id" -> w.org;
          case "user_id" -> w.member;
          case "name" -> pickOf("space", "prod", "ORG", "%", "_", "\\", "\u00e9", "fuzz");
          // qualifies a name given before it (without one it is a 400: a spoil below)
          case "name_match" -> pairs.stream().anyMatch(p -> p.startsWith("name="))
              ? pickOf("exact", "substring", "exact") : null;
          case "email" -> pickOf("fuzz@example.com", "EXAMPLE", "@");
          case "status" -> pickOf("active", "ACTIVE", "invited", "expired", "deleted");
          case "is_predefined" -> pickOf("true", "false");
          case "key_type" -> pickOf("user", "service");
          default -> null;
        };
        if (value != null && !(param.equals("status") && op.name.equals("keys.list")
            && value.equals("invited"))) {
          pairs.add(param + "=" + q(value));
        }
      }
    }
    if (!spoil) {
      return String.join("&", pairs);
    }
    int roll = op.queryParams.isEmpty() ? 99 : r.nextInt(100);
    String param = op.queryParams.isEmpty() ? "limit"
        : op.queryParams.get(r.nextInt(op.queryParams.size()));
    if (roll < 30 && op.queryParams.contains("cursor")) {
      pairs.removeIf(p -> p.startsWith("cursor="));
      String cursor = spoilCursor(op, pairs, cursorUsed);
      spoiled.add("cursor '" + abbreviate(cursor) + "'");
      pairs.add("cursor=" + cursor);
    } else if (roll < 50 && op.queryParams.contains("limit")) {
      pairs.removeIf(p -> p.startsWith("limit="));
      String limit = pickOf("0", "101", "-1", "1000", "abc", "1.5", "", "%20", "+5", "1e2",
          "0x10", "99999999999999999999", "-0", "%00", "%D9%A3", "%EF%BC%91", "5%20", "null",
          "2147483648", "%", "%ZZ", "1,2", String.valueOf(r.nextInt()));
      spoiled.add("limit=" + limit);
      pairs.add("limit=" + limit);
    } else if (roll < 60) {
      String dup = param + "=" + q(pickOf("a", "true", "SPACE", "1", w.org));
      spoiled.add("repeated " + param);
      pairs.add(dup);
      pairs.add(dup);
    } else if (roll < 85) {
      pairs.removeIf(p -> p.startsWith(param + "="));
      String value = queryValue(param);
      spoiled.add(param + "=" + abbreviate(value));
      pairs.add(param + "=" + value);
    } else if (roll < 92) {
      String raw = pickOf("=", "&&", "%", "%ZZ=1", "a=%ZZ", "name", "name=%C3", "limit", "#frag",
          "x=" + "y".repeat(2000), "cursor", "%00=%00", "a[]=1", "org_id[]=x", "__proto__=1");
      spoiled.add("raw query '" + abbreviate(raw) + "'");
      pairs.add(raw);
    } else {
      spoiled.add("unknown parameter");
      pairs.add(pickOf("foo", "LIMIT", "Limit", "offset", "page", "sort", "api_key") + "="
          + pickOf("1", w.adminKey.substring(0, 8), "x"));
    }
    if (r.nextInt(4) == 0) {
      java.util.Collections.shuffle(pairs, new java.util.Random(r.nextLong()));
    }
    return String.join("&", pairs);
  }

  private String queryValue(String param) {
    return switch (param) {
      case "org_id", "user_id" -> r.nextInt(4) == 0 ? pickOf("garbage", "", "%20", "%00")
          : q(r.nextBoolean() ? mutateId(param.equals("org_id") ? w.org : w.member)
              : w.allIds().get(r.nextInt(w.allIds().size())));
      case "name", "email" -> q(r.nextInt(5) == 0 ? randomUnicode(256 + r.nextInt(800))
          : randomUnicode(r.nextInt(12))) + (r.nextInt(10) == 0 ? "%" : "");
      case "name_match" -> pickOf("", "EXACT", "Exact", "prefix", "exact%20", "%00", "exact",
          "substring", "1", "exact,substring", "true");
      case "status", "key_type", "is_predefined", "resource_type" -> pickOf("", "ACTIVE",
          "Active", "sleeping", "deleted", "service", "USER", "TRUE", "1", "yes", "maybe",
          "PROJECT", "space", "SPACE ", "%00", "active,invited", "null", "%E2%80%AE");
      default -> q(randomUnicode(r.nextInt(20)));
    };
  }

  private String spoilCursor(Op op, List<String> pairs, boolean wasUsed) {
    List<String> lists = new ArrayList<>(w.cursors.keySet());
    String own = w.cursors.get(listKey(op, pairs));
    String any = w.cursors.get(lists.get(r.nextInt(lists.size())));
    String base = own != null && r.nextInt(3) != 0 ? own : any;
    int roll = r.nextInt(12);
    String cursor = switch (roll) {
      case 0 -> base; // another list's (or other filters') cursor, or this one's if it fits
      case 1 -> flip(base, r.nextInt(base.length()));
      case 2 -> base.substring(0, r.nextInt(base.length()));
      case 3 -> base + pickOf("A", "=", "==", "AAAA", "%00");
      case 4 -> base.replace('-', '+').replace('_', '/');
      case 5 -> Base64.getUrlEncoder().withoutPadding().encodeToString(
          randomBytes(r.nextInt(80)));
      case 6 -> {
        byte[] bytes = Base64.getUrlDecoder().decode(base);
        bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
        yield Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      }
      case 7 -> randomUnicode(r.nextInt(40));
      case 8 -> "A".repeat(r.nextInt(3000));
      case 9 -> {
        byte[] bytes = Base64.getUrlDecoder().decode(base);
        bytes[0] = (byte) r.nextInt(256); // another version byte
        yield Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      }
      case 10 -> base.toUpperCase(Locale.ROOT);
      default -> pickOf("", "null", "0", "%", "%ZZ", "undefined", "-1", "true");
    };
    if (roll == 0 && cursor.equals(own) && wasUsed == false) {
      cursor = flip(cursor, cursor.length() / 2);
    }
    return roll == 7 || roll == 11 ? cursor : q(cursor);
  }

  /** The key of {@link FuzzWorld#cursors} for this op with these filters (may be absent). */
  private String listKey(Op op, List<String> pairs) {
    String path = switch (op.name) {
      case "spaces.members" -> "/v2/spaces/" + seg(w.space) + "/users";
      case "bindings.list" -> "/v2/role-bindings";
      default -> op.template;
    };
    List<String> filters = pairs.stream().filter(p -> !p.startsWith("limit=")
        && !p.startsWith("cursor=")).toList();
    return filters.isEmpty() ? path : path + "?" + String.join("&", filters);
  }

  // ---------------------------------------------------------------------------------- bodies

  private byte[] spoilBody(Map<String, Object> valid, List<String> spoiled) {
    int roll = r.nextInt(100);
    if (roll < 55) {
      Map<String, Object> body = new LinkedHashMap<>(valid);
      spoilField(body, spoiled);
      if (r.nextInt(5) == 0) {
        spoilField(body, spoiled);
      }
      return json(body);
    }
    String text = new String(json(valid), StandardCharsets.UTF_8);
    if (roll < 85) {
      return spoilText(text, spoiled);
    }
    return spoilBytes(text.getBytes(StandardCharsets.UTF_8), spoiled);
  }

  private void spoilField(Map<String, Object> body, List<String> spoiled) {
    List<String> fields = new ArrayList<>(body.keySet());
    int roll = r.nextInt(100);
    if (fields.isEmpty() || roll < 10) {
      String extra = pickOf("id", "created_at", "updated_at", "is_predefined", "status", "key",
          "key_hash", "deleted_at", "suffix", "name_key", "email_key", "space_id", "user_id",
          "organization_id", "redacted_key", "Name", "NAME", "name ", "", "\u0000", "colour",
          "descripti\u00f3n", "__proto__", "constructor", "role_id", "account_role");
      if (body.containsKey(extra)) {
        extra = extra + "_";
      }
      body.put(extra, value("x"));
      spoiled.add("extra field '" + extra + "'");
      return;
    }
    String field = fields.get(r.nextInt(fields.size()));
    Object old = body.get(field);
    if (roll < 22) {
      body.remove(field);
      spoiled.add("without " + field);
      return;
    }
    Object value;
    if (field.endsWith("_id") && old instanceof String id && roll < 60) {
      value = r.nextInt(5) == 0 ? w.allIds().get(r.nextInt(w.allIds().size())) : mutateId(id);
    } else if (field.equals("role") && roll < 70) {
      value = role();
    } else if (field.equals("permissions") && roll < 70) {
      value = permissions();
    } else if (field.equals("expires_at") && roll < 70) {
      value = pickOf("2000-01-01T00:00:00Z", "2099-13-01T00:00:00Z", "2099-01-01", "tomorrow",
          "2099-01-01T00:00:00", "2099-01-01T00:00:00+25:00", "+999999999-12-31T23:59:59Z",
          "2099-02-30T00:00:00Z", "2099-01-01T23:59:60Z", "2099-01-01T00:00:00.123456789Z",
          "2099-01-01t00:00:00z", "1970-01-01T00:00:00Z", "");
    } else if (field.equals("grace_period_seconds") && roll < 70) {
      value = pickOf(-1, 2_592_001, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, "60", 1e300, 0);
    } else {
      value = value(old);
    }
    body.put(field, value);
    spoiled.add(field + "=" + abbreviate(String.valueOf(value)));
  }

  /** A value for a field that held {@code old}: mostly of the same type, edge-valued. */
  private Object value(Object old) {
    int roll = r.nextInt(100);
    if (roll < 15) {
      return pickOf(null, 0, -1, 1.5, true, false, List.of(), Map.of(), List.of("x"),
          Map.of("a", 1), Double.POSITIVE_INFINITY, "", Long.MAX_VALUE, new java.math.BigDecimal("1e400"));
    }
    if (old instanceof Boolean) {
      return pickOf("true", 1, 0, "false", "yes", null);
    }
    if (old instanceof Number) {
      return pickOf(-1, 0, Integer.MAX_VALUE, Long.MIN_VALUE, "1", 1.0, 1e20);
    }
    return switch (r.nextInt(14)) {
      case 0 -> "";
      case 1 -> "a".repeat(255 + r.nextInt(3));
      case 2 -> "\uD83D\uDE80".repeat(254 + r.nextInt(3));
      case 3 -> "d".repeat(999 + r.nextInt(3));
      case 4 -> "x\u0000y";
      case 5 -> "\u202Eevil\u200B";
      case 6 -> "' OR 1=1 --";
      case 7 -> "%_\\";
      case 8 -> "<script>alert(1)</script>";
      case 9 -> "../../etc/passwd";
      case 10 -> " padded ";
      case 11 -> randomUnicode(1 + r.nextInt(30));
      case 12 -> "\t\r\n";
      default -> "fuzz " + sequence;
    };
  }

  private Object role() {
    Map<String, Object> role = new LinkedHashMap<>();
    switch (r.nextInt(9)) {
      case 0 -> role.put("type", pickOf("predefined", "PREDEFINED", "Predefined", "custom", "x", "",
          1));
      case 1 -> {
        role.put("type", "predefined");
        role.put("name", pickOf("admin", "ADMIN", "member", "read-only", "READ_ONLY", "read_only",
            "annotator", "owner", "", "Admin", 1));
      }
      case 2 -> {
        role.put("type", "custom");
        role.put("id", r.nextBoolean() ? mutateId(w.role) : w.predefinedRole);
      }
      case 3 -> {
        role.put("type", "custom");
        role.put("name", "member");
      }
      case 4 -> {
        role.put("type", "predefined");
        role.put("name", "member");
        role.put(pickOf("id", "extra", "permissions"), "x");
      }
      case 5 -> {
        role.put("type", "custom");
        role.put("id", w.role);
        role.put("name", "ignored");
      }
      case 6 -> {
        return pickOf("member", List.of("member"), 1, true);
      }
      case 7 -> {
        role.put("type", "CUSTOM");
        role.put("id", w.role);
      }
      default -> {
        role.put("type", "predefined");
        role.put("name", "annotator");
      }
    }
    return role;
  }

  private Object permissions() {
    return switch (r.nextInt(8)) {
      case 0 -> List.of();
      case 1 -> List.of("SPACE_FLY");
      case 2 -> List.of("space_read");
      case 3 -> List.of("SPACE_READ", "SPACE_READ");
      case 4 -> List.of("SPACE_READ", 1);
      case 5 -> java.util.Collections.nCopies(200 + r.nextInt(300), "SPACE_READ");
      case 6 -> "SPACE_READ";
      default -> List.of(List.of("SPACE_READ"));
    };
  }

  private byte[] spoilText(String text, List<String> spoiled) {
    int at = r.nextInt(text.length() + 1);
    int roll = r.nextInt(16);
    String out = switch (roll) {
      case 0 -> text.substring(0, at);
      case 1 -> text.substring(0, at) + pickOf("{", "}", "[", "]", ",", ":", "\"", "\\", "'",
          "/*", "//", "\u0000", "\uFFFF", "\\u0000", "\\ud800", "\\uDFFF", "NaN", "-") +
          text.substring(at);
      case 2 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text + "}";
      case 3 -> text.replaceFirst("\\{\"([a-z_]+)\":", "{\"$1\":\"dup\",\"$1\":");
      case 4 -> "[" + text + "]";
      case 5 -> text + pickOf(" x", "{}", "\n{}", ",", " ", "\u0000");
      case 6 -> "{\"name\":" + "[".repeat(30 + r.nextInt(r.nextBoolean() ? 10 : 5000)) + "]";
      case 7 -> text.replace("\"", "'");
      case 8 -> text.replaceFirst("}$", ",}");
      case 9 -> " \r\n\t".repeat(r.nextInt(100)) + text;
      case 10 -> pickOf("", " ", "null", "true", "42", "\"x\"", "{}", "[]", "{\"\":1}");
      case 11 -> text.replaceFirst(":\"", ": /* c */ \"");
      case 12 -> text.replaceFirst("\"([a-z_]+)\":", "$1:");
      case 13 -> text.replaceFirst("\\}$", ",\"nested\":{\"a\":" + "{\"a\":".repeat(40)
          + "1" + "}".repeat(41) + "}");
      case 14 -> text.replaceFirst(":(\"[^\"]*\")", ":{\"\\$ne\":$1}");
      default -> text.replaceFirst(":\"", ":\"\\u00");
    };
    spoiled.add("text edit " + roll + " at " + at);
    return out.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] spoilBytes(byte[] bytes, List<String> spoiled) {
    int roll = r.nextInt(7);
    spoiled.add("byte edit " + roll);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
    int at = r.nextInt(bytes.length + 1);
    switch (roll) {
      case 0 -> {
        out.write(bytes, 0, at);
        out.writeBytes(pickOf(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0xaf},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xf8, (byte) 0x88,
                (byte) 0x80, (byte) 0x80, (byte) 0x80}));
        out.write(bytes, at, bytes.length - at);
      }
      case 1 -> {
        byte[] copy = bytes.clone();
        if (copy.length > 0) {
          copy[Math.min(at, copy.length - 1)] ^= (byte) (1 << r.nextInt(8));
        }
        out.writeBytes(copy);
      }
      case 2 -> {
        out.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        out.writeBytes(bytes);
      }
      case 3 -> out.writeBytes(new String(bytes, StandardCharsets.UTF_8)
          .getBytes(pickOf(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
              StandardCharsets.UTF_16)));
      case 4 -> out.writeBytes(randomBytes(r.nextInt(200)));
      case 5 -> {
        out.writeBytes(bytes);
        out.writeBytes(" ".repeat(64 * 1024 - bytes.length + r.nextInt(3) - 1)
            .getBytes(StandardCharsets.US_ASCII)); // around the 64 KiB limit
      }
      default -> {
        out.write('{');
        out.writeBytes(randomBytes(r.nextInt(100)));
      }
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------------------------- headers

  private String authorization(boolean spoil, List<String> spoiled) {
    int who = r.nextInt(100);
    String key = who < 84 ? w.adminKey : who < 92 ? w.memberKey : w.annotatorKey;
    if (!spoil) {
      return "Bearer " + key;
    }
    String header = switch (r.nextInt(20)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> "Bearer";
      case 3 -> "Bearer ";
      case 4 -> "Bearer " + flip(key, r.nextInt(key.length()));
      case 5 -> "Bearer " + swapCase(key);
      case 6 -> "Bearer " + key.substring(0, r.nextInt(key.length()));
      case 7 -> "Bearer " + key + pickOf("x", " x", ",", "\t", "=");
      case 8 -> pickOf("Basic ", "Token ", "Bearer:", "Bearer\t", "Bearer  ", "") + key;
      case 9 -> "Bearer " + w.deadKeys.get(r.nextInt(w.deadKeys.size()));
      case 10 -> "Bearer " + key + ", Bearer " + key;
      case 11 -> "Bearer " + "k".repeat(200 + r.nextInt(2000));
      case 12 -> "Bearer spk_" + randomText(BASE62, 38);
      case 13 -> "Bearer " + randomLatin1(r.nextInt(60));
      case 14 -> "Bearer \u00a0" + key;
      case 15 -> "Bearer " + new String(key.getBytes(StandardCharsets.UTF_8),
          StandardCharsets.ISO_8859_1) + "\u00e9";
      case 16 -> "bearer " + key.toUpperCase(Locale.ROOT);
      case 17 -> "Bearer " + Base64.getEncoder().encodeToString(key.getBytes(
          StandardCharsets.UTF_8));
      case 18 -> "Bearer " + key.replace('_', '-');
      default -> "Bearer " + key.substring(1) + key.charAt(0);
    };
    spoiled.add("Authorization '" + (header == null ? "(none)" : abbreviate(header)) + "'");
    return header;
  }

  private String contentType(List<String> spoiled) {
    String type = pickOf("text/plain", "application/xml", "application/jsonx", "json", "*/*",
        "application/json; charset=latin1", "application/json; charset=utf-16",
        "application/json;;", "application/json; boundary=x", "APPLICATION/JSON", "",
        "application/problem+json", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "application/json\u00e9");
    spoiled.add("Content-Type '" + type + "'");
    return type;
  }

  private void extraHeaders(List<String> headers, boolean hasBody, List<String> spoiled) {
    int roll = r.nextInt(14);
    String header = switch (roll) {
      case 0 -> "Idempotency-Key: " + pickOf("k".repeat(256), " ", "tab\there", "\u00e9t\u00e9",
          "", "x".repeat(255));
      case 1 -> "Idempotency-Key: reused-fuzz-key";
      case 2 -> "X-Request-Id: " + pickOf("x".repeat(200), "\u00e9", "a b", "", "<script>",
          w.memberKey);
      case 3 -> "Accept: " + pickOf("text/html", "application/xml", "*/*;q=0", "\u00ff");
      case 4 -> "Content-Type: text/plain";
      case 5 -> "Authorization: Bearer " + w.memberKey; // a second Authorization header
      case 6 -> "X-Forwarded-For: " + pickOf("127.0.0.1", "' OR 1=1", "::1, evil");
      case 7 -> !hasBody ? "Transfer-Encoding: identity"
          : "Transfer-Encoding: " + pickOf("chunked", "gzip", "identity", "chunked, chunked");
      case 8 -> "Content-Encoding: " + pickOf("gzip", "deflate", "br", "x");
      case 9 -> "Expect: " + pickOf("100-continue", "200-ok");
      case 10 -> "X-Huge: " + "h".repeat(r.nextInt(10) == 0 ? 17_000 : 4000);
      case 11 -> pickOf("NoColon", ": empty-name", "Bad Name: x", " Leading: space",
          "X-Nul: a\u0000b", "X-Ctl: a\u0001b");
      case 12 -> "Content-Length: " + pickOf("-1", "abc", "99999999999999999999", "0");
      default -> "Host: " + pickOf("evil.example", "", "a b", "127.0.0.1:1");
    };
    spoiled.add("header '" + abbreviate(header) + "'");
    headers.add(header);
    if (header.startsWith("Expect:")) {
      // The body goes out without waiting for "100 Continue"; a server that answers early may
      // take it for the next request, so this connection ends with this exchange.
      headers.add("Connection: close");
    }
  }

  // ---------------------------------------------------------------------------------- helpers

  private Map<String, Object> obj(Object... kv) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put((String) kv[i], kv[i + 1]);
    }
    return map;
  }

  @SafeVarargs
  private <T> T pickOf(T... values) {
    return values[r.nextInt(values.length)];
  }

  /**
   * The next row number after {@code number}; the ID being mutated may already carry a spoiled
   * one (beyond a long, or no number at all), which gets a digit appended instead.
   */
  private static String successor(String number) {
    try {
      return new java.math.BigInteger(number).add(java.math.BigInteger.ONE).toString();
    } catch (NumberFormatException e) {
      return number + "1";
    }
  }

  private String randomText(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private String randomUnicode(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = r.nextInt(10);
      int cp = kind < 6 ? 0x20 + r.nextInt(0x5f) : kind < 8 ? 0xa0 + r.nextInt(0x2000)
          : kind < 9 ? 0x1F300 + r.nextInt(0x300) : r.nextInt(0x20);
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  private String randomLatin1(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = (char) (0x20 + r.nextInt(0xe0));
      out.append(c == 0x7f ? 'x' : c);
    }
    return out.toString();
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) r.nextInt(256);
    }
    return bytes;
  }

  private static String flip(String s, int at) {
    char c = s.charAt(at);
    char replacement = c == 'A' ? 'B' : c == 'a' ? 'b' : 'A';
    return s.substring(0, at) + replacement + s.substring(at + 1);
  }

  private static String swapCase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return out.toString();
  }

  private static String percentEncodeAll(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      out.append('%').append(String.format("%02X", b & 0xff));
    }
    return out.toString();
  }

  static String seg(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 60) + "…(" + s.length() + " chars)" : s;
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
