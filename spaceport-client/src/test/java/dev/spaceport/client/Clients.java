package dev.spaceport.client;

import dev.spaceport.server.testing.TestServer;

/** Builders for SDK clients pointed at a test server; they never sleep between retries. */
final class Clients {

  private Clients() {}

  static SpaceportClient.Builder builder(String baseUrl, String apiKey) {
    return SpaceportClient.builder().apiKey(apiKey).baseUri(baseUrl).sleeper(wait -> { });
  }

  static SpaceportClient admin(TestServer server) {
    return builder(server.baseUrl(), TestServer.ADMIN_KEY).build();
  }

  static SpaceportClient as(TestServer server, String apiKey) {
    return builder(server.baseUrl(), apiKey).build();
  }

  /** An admin client whose every request is counted. */
  static SpaceportClient counting(TestServer server, CountingTransport transport) {
    return builder(server.baseUrl(), TestServer.ADMIN_KEY).transport(transport).build();
  }
}
