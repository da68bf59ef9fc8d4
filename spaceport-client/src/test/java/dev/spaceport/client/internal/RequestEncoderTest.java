package dev.spaceport.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.client.HttpTransport.Request;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request bytes the default transport writes. */
class RequestEncoderTest {

  private static String encode(String method, String uri, Map<String, String> headers,
      String body) {
    URI u = URI.create(uri);
    return new String(RequestEncoder.encode(new Request(method, u, headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1)),
        Route.of(u)), StandardCharsets.UTF_8);
  }

  @Test
  void aGetIsItsRequestLineHostAndHeadersInOrder() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer k");
    headers.put("Accept", "application/json");

    assertThat(encode("GET", "http://example.com:8080/v2/spaces?limit=2&name=a%20b", headers,
        null)).isEqualTo("GET /v2/spaces?limit=2&name=a%20b HTTP/1.1\r\n"
        + "Host: example.com:8080\r\nAuthorization: Bearer k\r\nAccept: application/json\r\n\r\n");
  }

  @Test
  void theHostHeaderLeavesOutDefaultPortsAndKeepsIpv6Brackets() {
    assertThat(encode("GET", "https://api.arize.com", Map.of(), null))
        .startsWith("GET / HTTP/1.1\r\nHost: api.arize.com\r\n");
    assertThat(encode("GET", "http://[::1]:9000/x", Map.of(), null))
        .contains("Host: [::1]:9000\r\n");
    assertThat(Route.of(URI.create("http://[::1]:9000/x")).address()).isEqualTo("::1");
  }

  @Test
  void bodiesCarryContentLengthAndBodylessPostsSayZero() {
    assertThat(encode("POST", "http://h/v2/spaces", Map.of(), "{\"name\":\"ü\"}"))
        .endsWith("Content-Length: 13\r\n\r\n{\"name\":\"ü\"}");
    assertThat(encode("POST", "http://h/v2/x", Map.of(), null))
        .endsWith("Content-Length: 0\r\n\r\n");
    assertThat(encode("DELETE", "http://h/v2/x", Map.of(), null)).doesNotContain("Content-Length");
  }

  @Test
  void nonAsciiInThePathIsPercentEncoded() {
    assertThat(encode("GET", "http://h/v2/spaces/caf%C3%A9", Map.of(), null))
        .startsWith("GET /v2/spaces/caf%C3%A9 HTTP/1.1");
    URI raw = URI.create("http://h/v2/spaces/café");
    assertThat(RequestEncoder.target(raw)).isEqualTo("/v2/spaces/caf%C3%A9");
  }

  @Test
  void invalidMethodsNamesAndValuesAreRefused() {
    assertThatThrownBy(() -> encode("GET /x HTTP/1.1\r\n", "http://h/", Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encode("GET", "http://h/", Map.of("Bad Name", "v"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encode("GET", "http://h/", Map.of("X", "a\nb"), null))
        .isInstanceOf(IllegalArgumentException.class);
    for (String owned : new String[] {"Host", "connection", "Transfer-Encoding", "Expect"}) {
      assertThatThrownBy(() -> encode("GET", "http://h/", Map.of(owned, "x"), null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restricted");
    }
    assertThatThrownBy(() -> encode("GET", "ftp://h/", Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme");
  }
}
