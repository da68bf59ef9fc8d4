package dev.spaceport.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the security tests share: Problem checks, ID arithmetic, expectation tables, list walks. */
final class Checks {

  private Checks() {}

  /** A Problem with this status whose {@code status} member equals it. */
  static ApiResponse assertProblem(ApiResponse r, int status) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.header("Content-Type")).as("Content-Type of %s", r)
        .startsWith("application/problem+json");
    assertThat(r.json()).as("body of %s", r).isNotNull();
    assertThat(r.json().path("status").asInt()).as("status member of %s", r).isEqualTo(status);
    assertThat(r.json().path("title").asText("")).as("title of %s", r).isNotBlank();
    return r;
  }

  /**
   * The body with the response's own request ID (which a Problem names as its {@code instance})
   * taken out, so that two answers can be compared byte for byte.
   */
  static String normalized(ApiResponse r) {
    String id = r.header("X-Request-Id");
    return id == null ? r.body() : r.body().replace(id, "<request>");
  }

  static String json(Object value) {
    try {
      return Api.JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The row number inside an ID ({@code base64("Type:<n>:<suffix>")}). */
  static long number(String id) {
    return Long.parseLong(decode(id).split(":")[1]);
  }

  static String decode(String id) {
    return new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8);
  }

  static String id(String type, long number, String suffix) {
    return Base64.getEncoder().encodeToString((type + ":" + number + ":" + suffix)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** A well-formed ID of {@code type} that names nothing. */
  static String missing(String type) {
    return id(type, 987_654_321L, "Zz9x");
  }

  /** The {@code id}s of every item of a list, following every page. */
  static List<String> walk(Api api, String path, String field) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages < 200; pages++) {
      String url = path + (path.contains("?") ? "&" : "?") + "limit=100"
          + (cursor == null ? "" : "&cursor=" + Api.seg(cursor));
      JsonNode page = api.get(url).expect(200).json();
      page.get(field).forEach(item -> ids.add(item.get("id").asText()));
      JsonNode pagination = page.get("pagination");
      if (!pagination.get("has_more").asBoolean()) {
        return ids;
      }
      cursor = pagination.get("next_cursor").asText();
    }
    throw new AssertionError("more than 200 pages at " + path);
  }

  /**
   * Parses an expectation table: a header {@code caller <target> <target> …}, then one row per
   * caller with one cell per target. Every constant of {@code who} must have exactly one row.
   */
  static <W extends Enum<W>> Map<W, Map<String, String>> table(Class<W> who, String text) {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String[] header = lines.get(0).split("\\s+");
    assertThat(header[0]).isEqualTo("caller");
    Map<W, Map<String, String>> rows = new EnumMap<>(who);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split("\\s+");
      assertThat(cells).as("row '%s'", line).hasSize(header.length);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 1; i < header.length; i++) {
        row.put(header[i], cells[i]);
      }
      assertThat(rows.put(Enum.valueOf(who, cells[0]), row)).as("duplicate row %s", cells[0])
          .isNull();
    }
    assertThat(rows.keySet()).as("rows of\n%s", text)
        .containsExactlyInAnyOrder(who.getEnumConstants());
    return rows;
  }
}
