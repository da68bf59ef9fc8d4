package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract's types have no null: an optional field is left out, never sent as null (Arize's
 * SDK drops None fields). An explicit null is a 400 naming the field, and nothing is written.
 */
class ExplicitNullTest {

  static TestServer server;
  static Api admin;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anExplicitNullIsRejectedNamingTheField() {
    String org = server.fixtures().organization();
    ApiResponse create = admin.send("POST", "/v2/spaces",
        "{\"name\":\"n\",\"organization_id\":\"" + org + "\",\"description\":null}",
        Map.of("Content-Type", "application/json")).expect(400);
    assertThat(create.json().get("detail").asText()).contains("'description'", "null");
    assertThat(admin.get("/v2/spaces?org_id=" + seg(org)).json().get("spaces")).isEmpty();

    String space = server.fixtures().space(org, "kept");
    ApiResponse update = admin.send("PATCH", "/v2/spaces/" + seg(space),
        "{\"name\":null,\"description\":\"x\"}", Map.of("Content-Type", "application/json"))
        .expect(400);
    assertThat(update.json().get("detail").asText()).contains("'name'");
    assertThat(admin.get("/v2/spaces/" + seg(space)).json().get("description").asText())
        .isEmpty();

    ApiResponse nested = admin.send("POST", "/v2/spaces/" + seg(space) + "/users",
        "{\"user_id\":\"VXNlcjoxOmFiY2Q=\",\"role\":{\"type\":\"predefined\",\"name\":null}}",
        Map.of("Content-Type", "application/json")).expect(400);
    assertThat(nested.json().get("detail").asText()).contains("'role.name'");
  }
}
