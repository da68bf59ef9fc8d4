package dev.spaceport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.spaceport.client.HttpTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI's plain-socket HTTP/1.1 exchange, against the JDK's own HTTP server. */
class PlainHttpTest {

  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/echo", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String text = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
          + "?" + exchange.getRequestURI().getRawQuery() + " "
          + exchange.getRequestHeaders().getFirst("Authorization") + " "
          + new String(body, StandardCharsets.UTF_8);
      byte[] out = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("X-Request-Id", "abc");
      exchange.sendResponseHeaders(201, out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    server.createContext("/chunked", exchange -> {
      exchange.sendResponseHeaders(200, 0); // 0: chunked
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 3; i++) {
          out.write(("part" + i + ";").repeat(5000).getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
    server.createContext("/empty", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpTransport.Response send(String method, String path, String body)
      throws IOException {
    return PlainHttp.send(new HttpTransport.Request(method, URI.create(base + path),
        Map.of("Authorization", "Bearer k"), body == null ? null
        : body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)), Duration.ofSeconds(5));
  }

  @Test
  void sendsMethodPathQueryHeadersAndBody() throws IOException {
    HttpTransport.Response r = send("PATCH", "/echo/U3BhY2U6MTpYeVo%3D?name=a%20b&limit=2",
        "{\"name\":\"é\"}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("x-request-id")).isEqualTo("abc");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(
        "PATCH /echo/U3BhY2U6MTpYeVo%3D?name=a%20b&limit=2 Bearer k {\"name\":\"é\"}");
  }

  @Test
  void readsChunkedAndEmptyBodies() throws IOException {
    HttpTransport.Response chunked = send("GET", "/chunked", null);
    assertThat(chunked.status()).isEqualTo(200);
    assertThat(new String(chunked.body(), StandardCharsets.UTF_8))
        .isEqualTo("part0;".repeat(5000) + "part1;".repeat(5000) + "part2;".repeat(5000));
    HttpTransport.Response empty = send("DELETE", "/empty", null);
    assertThat(empty.status()).isEqualTo(204);
    assertThat(empty.body()).isEmpty();
    assertThat(send("GET", "/nothing-here", null).status()).isEqualTo(404);
  }

  @Test
  void aClosedPortIsAnIOException() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    base = "http://127.0.0.1:" + closed;
    assertThatThrownBy(() -> send("GET", "/", null)).isInstanceOf(ConnectException.class);
  }
}
