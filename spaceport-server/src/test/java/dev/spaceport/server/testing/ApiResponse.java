package dev.spaceport.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** A response as the tests see it: status, headers, raw body and (for JSON) the parsed tree. */
public record ApiResponse(String method, String path, int status, HttpHeaders headers,
    String body, JsonNode json) {

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  /** A string field of the JSON body. */
  public String text(String field) {
    JsonNode node = json.get(field);
    if (node == null) {
      throw new AssertionError("no '" + field + "' in " + body);
    }
    return node.asText();
  }

  public String id() {
    return text("id");
  }

  public ApiResponse expect(int expected) {
    if (status != expected) {
      throw new AssertionError(method + " " + path + ": expected " + expected + " but got "
          + status + ": " + body);
    }
    return this;
  }

  @Override
  public String toString() {
    return method + " " + path + " -> " + status + " " + body;
  }
}
