package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeTest {

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
  void createsAndReadsASpace() {
    String org = server.fixtures().organization();
    String space = admin.post("/v2/spaces", body("name", "prod", "organization_id", org))
        .expect(201).id();
    assertThat(admin.get("/v2/spaces/" + seg(space)).expect(200).text("name")).isEqualTo("prod");
    admin.get("/v2/spaces/" + seg(space) + "/users").expect(200);
  }

  @Test
  void theContractCheckCatchesAnUndocumentedStatus() {
    // A route the document does not describe must not succeed unnoticed.
    assertThatThrownBy(() -> admin.get("/v2/spaces/x").expect(200))
        .isInstanceOf(AssertionError.class);
  }
}
