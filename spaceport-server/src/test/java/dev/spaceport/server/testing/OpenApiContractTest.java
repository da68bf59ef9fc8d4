package dev.spaceport.server.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The response checker itself must catch what the reference client would reject. */
class OpenApiContractTest {

  private static final String SPACE = "/v2/spaces/U3BhY2U6MTpiRnVM";
  private static final String GOOD = """
      {"id":"U3BhY2U6MTpiRnVM","name":"a","description":"","created_at":"2026-06-01T09:30:00.123Z"}""";

  @Test
  void acceptsAWellFormedSpace() {
    assertThatCode(() -> check(GOOD)).doesNotThrowAnyException();
  }

  @Test
  void rejectsAnExtraField() {
    assertThatThrownBy(() -> check(GOOD.replace("}", ",\"organization_id\":\"x\"}")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("organization_id");
  }

  @Test
  void rejectsAMissingOrNullField() {
    assertThatThrownBy(() -> check(GOOD.replace("\"description\":\"\",", "")))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> check(GOOD.replace("\"description\":\"\"", "\"description\":null")))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void rejectsAnUndocumentedStatus() {
    assertThatThrownBy(() -> OpenApiContract.get().check("GET", SPACE, 418, "application/json",
        GOOD, json(GOOD))).isInstanceOf(AssertionError.class);
  }

  @Test
  void rejectsABodyOnA204() {
    assertThatThrownBy(() -> OpenApiContract.get().check("DELETE", SPACE, 204, null, "x", null))
        .isInstanceOf(AssertionError.class);
  }

  private static void check(String body) {
    OpenApiContract.get().check("GET", SPACE, 200, "application/json", body, json(body));
  }

  private static JsonNode json(String body) {
    try {
      return Api.JSON.readTree(body);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
