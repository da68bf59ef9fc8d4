package dev.spaceport.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Assertions the API tests share: Problem bodies, IDs, timestamps, pagination walks and the
 * checks every route must pass (no key, bad IDs). The OpenAPI check in {@link Api} already
 * enforces shapes; these pin down values.
 */
final class ApiAssertions {

  private static final Map<Integer, String> TITLES = Map.of(
      400, "Bad Request",
      401, "Unauthorized",
      403, "Forbidden",
      404, "Not Found",
      409, "Conflict",
      415, "Unsupported Media Type",
      422, "Unprocessable Content");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

  private ApiAssertions() {}

  // ------------------------------------------------------------------------------ problems

  /**
   * The response is an RFC 9457 problem with this status, the matching title, {@code status} in
   * the body equal to the HTTP status, and a detail mentioning every part (case-insensitively).
   */
  static String assertProblem(ApiResponse response, int status, String... detailParts) {
    response.expect(status);
    assertThat(response.header("Content-Type")).as("content type of %s", response)
        .startsWith("application/problem+json");
    JsonNode json = response.json();
    assertThat(json.get("status").isInt()).as("status is an integer in %s", response).isTrue();
    assertThat(json.get("status").asInt()).isEqualTo(status);
    assertThat(json.get("title").asText()).isEqualTo(TITLES.get(status));
    String detail = json.path("detail").asText("");
    assertThat(detail).as("detail of %s", response).isNotBlank();
    for (String part : detailParts) {
      assertThat(detail).as("detail of %s", response).containsIgnoringCase(part);
    }
    return detail;
  }

  /**
   * Every way of not being authenticated gives the same 401, which never says which way it was.
   * {@code body} is sent as JSON when not null.
   */
  static void assertUnauthenticated(Api api, String method, String path, Object body) {
    String raw = body == null ? null : json(body);
    Map<String, String> json = Map.of("Content-Type", "application/json");
    Api anonymous = api.as(null);
    List<ApiResponse> responses = List.of(
        anonymous.send(method, path, raw, json),
        api.as("no-such-key-0123456789abcdef").send(method, path, raw, json),
        // our prefix, but the checksum does not match
        api.as("spk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000").send(method, path, raw, json),
        anonymous.send(method, path, raw, Map.of("Content-Type", "application/json",
            "Authorization", "Basic " + api.key())),
        anonymous.send(method, path, raw, Map.of("Content-Type", "application/json",
            "Authorization", "Bearer ")));
    Set<String> details = new HashSet<>();
    for (ApiResponse response : responses) {
      details.add(assertProblem(response, 401));
    }
    assertThat(details).as("401 details never say why").hasSize(1);
  }

  /**
   * {@code pathTemplate} holds {@code {id}} where an ID of {@code type} belongs: garbage and an
   * ID of another type are 400s naming {@code param}; a well-formed ID naming nothing, and a real
   * row's number with the wrong suffix, are 404s.
   */
  static void assertIdChecks(Api api, String method, String pathTemplate, Object body,
      String param, String type, String existingId) {
    String raw = body == null ? null : json(body);
    Map<String, String> json = Map.of("Content-Type", "application/json");
    String otherType = type.equals("Space") ? "Organization" : "Space";
    assertProblem(api.send(method, pathTemplate.replace("{id}", "not-an-id"), raw, json), 400,
        "'" + param + "'", "not a valid " + type + " ID");
    assertProblem(api.send(method, pathTemplate.replace("{id}",
        Api.seg(id(otherType, 1, "abcd"))), raw, json), 400,
        "'" + param + "'", "expected a " + type + " ID");
    // Unpadded base64 of a valid text is not the canonical spelling of any ID.
    assertProblem(api.send(method, pathTemplate.replace("{id}",
        paddedId(type).replace("=", "")), raw, json), 400, "'" + param + "'");
    assertProblem(api.send(method, pathTemplate.replace("{id}",
        Api.seg(missingId(type))), raw, json), 404, "not found");
    if (existingId != null) {
      assertProblem(api.send(method, pathTemplate.replace("{id}",
          Api.seg(otherSuffix(existingId))), raw, json), 404, "not found");
    }
  }

  // ------------------------------------------------------------------------------- ids

  static String id(String type, long number, String suffix) {
    return Base64.getEncoder().encodeToString(
        (type + ":" + number + ":" + suffix).getBytes(StandardCharsets.UTF_8));
  }

  static String decodeId(String id) {
    return new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8);
  }

  /** A well-formed ID of {@code type} whose base64 ends in {@code =} padding. */
  static String paddedId(String type) {
    for (long n = 1; ; n *= 10) {
      String id = id(type, n, "abcd");
      if (id.endsWith("=")) {
        return id;
      }
    }
  }

  /** A well-formed ID of {@code type} that names no row. */
  static String missingId(String type) {
    return id(type, 987_654_321L, "Zq9x");
  }

  /** The same type and row number with another suffix: names nothing. */
  static String otherSuffix(String id) {
    String[] parts = decodeId(id).split(":");
    String suffix = parts[2].equals("AAAA") ? "BBBB" : "AAAA";
    return id(parts[0], Long.parseLong(parts[1]), suffix);
  }

  /** An ID as clients see it: strict base64 of {@code Type:<number>:<base62 suffix>}. */
  static void assertId(String id, String type) {
    assertThat(id).matches(BASE64);
    assertThat(decodeId(id)).matches(Pattern.quote(type) + ":[1-9][0-9]*:[0-9A-Za-z]{4}");
  }

  /**
   * Creates things until one's ID contains {@code needle} (e.g. "=", which must be
   * percent-encoded in paths); fails after {@code attempts}.
   */
  static String idContaining(String needle, int attempts, Supplier<String> create) {
    for (int i = 0; i < attempts; i++) {
      String id = create.get();
      if (id.contains(needle)) {
        return id;
      }
    }
    throw new AssertionError("no ID containing '" + needle + "' after " + attempts + " tries");
  }

  // ------------------------------------------------------------------------ values

  static void assertTimestampBetween(String value, Instant from, Instant to) {
    assertThat(value).matches(TIMESTAMP);
    assertThat(Instant.parse(value)).isBetween(from, to);
  }

  static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static Map<String, Object> predefined(String name) {
    return Map.of("type", "predefined", "name", name);
  }

  static Map<String, Object> custom(String roleId) {
    return Map.of("type", "custom", "id", roleId);
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String json(Object body) {
    if (body instanceof String s) {
      return s;
    }
    try {
      return Api.JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Values of {@code field} of each element of an array node. */
  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  // -------------------------------------------------------------------------- paging

  /**
   * Follows a list from its first page to its last with {@code limit}, checking on every page
   * that {@code next_cursor} is present exactly when {@code has_more} is true and that no page
   * is larger than the limit. {@code path} may already carry query parameters.
   */
  static List<JsonNode> walk(Api api, String path, String listField, int limit) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages < 1000; pages++) {
      String url = path + (path.contains("?") ? "&" : "?") + "limit=" + limit
          + (cursor == null ? "" : "&cursor=" + q(cursor));
      JsonNode page = api.get(url).expect(200).json();
      JsonNode list = page.get(listField);
      assertThat(list.size()).isLessThanOrEqualTo(limit);
      list.forEach(items::add);
      JsonNode pagination = page.get("pagination");
      boolean hasMore = pagination.get("has_more").asBoolean();
      assertThat(pagination.has("next_cursor")).as("next_cursor iff has_more on %s", url)
          .isEqualTo(hasMore);
      if (!hasMore) {
        return items;
      }
      assertThat(list.size()).as("a page before the last is full").isEqualTo(limit);
      cursor = pagination.get("next_cursor").asText();
    }
    throw new AssertionError("more than 1000 pages at " + path);
  }

  /** The cursor of the first page of {@code path} (which must have more than one page). */
  static String firstCursor(Api api, String path) {
    JsonNode pagination = api.get(path).expect(200).json().get("pagination");
    assertThat(pagination.get("has_more").asBoolean()).as("more pages at %s", path).isTrue();
    return pagination.get("next_cursor").asText();
  }

  /** The cursor with one character in the middle changed, so its bytes differ. */
  static String tamper(String cursor) {
    int i = cursor.length() / 2;
    char c = cursor.charAt(i);
    char replacement = c == 'A' ? 'B' : 'A';
    return cursor.substring(0, i) + replacement + cursor.substring(i + 1);
  }

  /** limit 0, 101, -1, abc, 1.5 and empty are 400s naming {@code limit}; 1 and 100 are fine. */
  static void assertLimitChecks(Api api, String path) {
    String sep = path.contains("?") ? "&" : "?";
    for (String bad : List.of("0", "101", "-1", "abc", "1.5", "", "99999")) {
      assertProblem(api.get(path + sep + "limit=" + bad), 400, "'limit'", "1 to 100");
    }
    assertProblem(api.get(path + sep + "limit=5&limit=6"), 400, "'limit'");
    api.get(path + sep + "limit=1").expect(200);
    api.get(path + sep + "limit=100").expect(200);
  }

  /** A forged, a tampered and a garbage cursor are 400s naming {@code cursor}. */
  static void assertCursorChecks(Api api, String path, String validCursor) {
    String sep = path.contains("?") ? "&" : "?";
    assertProblem(api.get(path + sep + "cursor=" + q(tamper(validCursor))), 400, "'cursor'");
    assertProblem(api.get(path + sep + "cursor=not-a-cursor!"), 400, "'cursor'");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertProblem(api.get(path + sep + "cursor=" + forged), 400, "'cursor'");
    assertProblem(api.get(path + sep + "cursor=" + "A".repeat(300)), 400, "'cursor'");
  }
}
