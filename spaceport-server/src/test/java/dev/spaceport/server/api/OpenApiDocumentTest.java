package dev.spaceport.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.idempotency.Idempotency;
import dev.spaceport.server.testing.OpenApiContract;
import dev.spaceport.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The served contract is the file in spaceport-api, byte for byte, and needs no key; and it
 * documents what the server does with {@code Idempotency-Key}, on every POST.
 */
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

  @Test
  void everyPostDocumentsItsIdempotencyKeyAndTheReplayHeader() {
    JsonNode doc = OpenApiContract.get().document();
    List<String> posts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      JsonNode post = path.getValue().get("post");
      if (post == null) {
        continue;
      }
      posts.add(path.getKey());
      assertThat(post.get("parameters").findValuesAsText("$ref")).as(path.getKey())
          .contains("#/components/parameters/IdempotencyKey");
      JsonNode success = post.get("responses").has("201") ? post.get("responses").get("201")
          : post.get("responses").get("200");
      assertThat(success.get("headers").get(Idempotency.REPLAYED_HEADER)).as(path.getKey())
          .isNotNull();
    }
    assertThat(posts).contains("/v2/spaces", "/v2/spaces/{space_id}/users");

    String rules = doc.at("/components/parameters/IdempotencyKey/description").asText()
        .replaceAll("\\s+", " ");
    assertThat(rules).contains("same transaction", "24 hours", "scoped to the calling API key",
        "byte for byte", Idempotency.REPLAYED_HEADER + ": true", "gives 422", "gives 409",
        "Error responses are not stored");
    assertThat(doc.at("/components/headers/IdempotentReplayed").isMissingNode()).isFalse();
  }
}
