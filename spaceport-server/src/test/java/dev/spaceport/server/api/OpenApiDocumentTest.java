package dev.spaceport.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The served contract is the file in spaceport-api, byte for byte, and needs no key. */
class OpenApiDocumentTest {

  @Test
  void servesTheFileFromSpaceportApi() throws Exception {
    byte[] file = Files.readAllBytes(
        Path.of("..", "spaceport-api", "src", "main", "resources", "openapi.yaml"));
    try (TestServer server = TestServer.start()) {
      HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/openapi.yaml")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/yaml"));
      assertThat(response.body()).isEqualTo(file);
    }
  }
}
