package dev.spaceport.client.internal;

import static dev.spaceport.client.internal.TinyHttpServer.response;
import static dev.spaceport.client.internal.TinyHttpServer.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.client.HttpTransport.Request;
import dev.spaceport.client.HttpTransport.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default transport against real sockets: framing, keep-alive, stale connections, timeouts and
 * concurrency. The server writes each response byte for byte, so every case is exactly the bytes
 * named in the test.
 */
class SocketHttpTransportTest {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private SocketHttpTransport transport = track(new SocketHttpTransport(Duration.ofSeconds(5)));

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable r : resources) {
      r.close();
    }
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  private TinyHttpServer server(TinyHttpServer.Handler handler) throws IOException {
    return track(new TinyHttpServer(handler));
  }

  private static Request get(TinyHttpServer server, String path) {
    return request("GET", server, path, null);
  }

  private static Request request(String method, TinyHttpServer server, String path, String body) {
    return new Request(method, server.uri(path), Map.of("Accept", "application/json"),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
  }

  private static String text(Response response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  // ---- framing ------------------------------------------------------------------------------

  @Test
  void contentLengthBodyWithHeaderNamesInLowerCaseAndEveryValueKept() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Multi: a\r\n"
          + "x-multi: b, c\r\nX-EMPTY:\r\nContent-Length: 11\r\n\r\n{\"ok\":true}");
      return true;
    });

    Response response = transport.send(get(server, "/thing"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(text(response)).isEqualTo("{\"ok\":true}");
    assertThat(response.headers()).containsOnlyKeys("content-type", "x-multi", "x-empty",
        "content-length");
    assertThat(response.headers().get("x-multi")).containsExactly("a", "b, c");
    assertThat(response.header("x-empty")).isEmpty();
    assertThat(response.header("content-type")).isEqualTo("application/json");
  }

  @Test
  void chunkedBodyWithExtensionsAndTrailersThenTheConnectionIsReused() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n");
      return true;
    });

    assertThat(text(transport.send(get(server, "/a")))).isEqualTo("hello 0123456789");
    assertThat(text(transport.send(get(server, "/b")))).isEqualTo("hello 0123456789");

    assertThat(server.accepted()).isEqualTo(1);
    assertThat(server.received()).extracting(TinyHttpServer.Received::indexOnConnection)
        .containsExactly(1, 2);
  }

  @Test
  void aLargeChunkedBodyArrivesWhole() throws Exception {
    byte[] big = new byte[300_000];
    ThreadLocalRandom.current().nextBytes(big);
    TinyHttpServer server = server((request, out, socket) -> {
      out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      for (int off = 0; off < big.length; off += 7_000) {
        int n = Math.min(7_000, big.length - off);
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(big, off, n);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      write(out, "0\r\n\r\n");
      return true;
    });

    assertThat(transport.send(get(server, "/big")).body()).isEqualTo(big);
  }

  @Test
  void withoutLengthOrChunkingTheBodyRunsToTheCloseAndTheConnectionIsNotReused()
      throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
      return false; // closes: that ends the body
    });

    assertThat(text(transport.send(get(server, "/a")))).isEqualTo("until the end");
    assertThat(text(transport.send(get(server, "/b")))).isEqualTo("until the end");

    assertThat(server.accepted()).isEqualTo(2);
    assertThat(transport.idleConnections()).isZero();
  }

  @ParameterizedTest(name = "status {0} has no body, and the connection stays usable")
  @ValueSource(ints = {204, 304})
  void noBodyStatuses(int status) throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      if (request.target().equals("/empty")) {
        // a Content-Length that describes the resource, not this message: no body follows
        write(out, "HTTP/1.1 " + status + " X\r\nContent-Length: 100\r\n\r\n");
      } else {
        write(out, response(200, "next"));
      }
      return true;
    });

    Response empty = transport.send(get(server, "/empty"));
    assertThat(empty.status()).isEqualTo(status);
    assertThat(empty.body()).isEmpty();
    assertThat(text(transport.send(get(server, "/next")))).isEqualTo("next");
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void headHasNoBodyWhateverContentLengthSays() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, request.method().equals("HEAD")
          ? "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n"
          : response(200, "after head"));
      return true;
    });

    Response head = transport.send(request("HEAD", server, "/", null));
    assertThat(head.body()).isEmpty();
    assertThat(head.header("content-length")).isEqualTo("42");
    assertThat(text(transport.send(get(server, "/")))).isEqualTo("after head");
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void interimResponsesAreSkipped() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
          + response(200, "final"));
      return true;
    });

    Response response = transport.send(get(server, "/"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("final");
    assertThat(response.headers()).doesNotContainKey("link");
  }

  @Test
  void theRequestCarriesHostAndContentLengthOnlyWhereItBelongs() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, response(200, "ok"));
      return true;
    });

    transport.send(get(server, "/v2/spaces/U3BhY2U6MTpYeVo%3D?name=a%20b"));
    transport.send(request("POST", server, "/v2/spaces", "{\"name\":\"é\"}"));
    transport.send(request("POST", server, "/v2/empty", null));
    transport.send(request("DELETE", server, "/v2/spaces/x", null));

    List<TinyHttpServer.Received> seen = server.received();
    assertThat(seen.get(0).target()).isEqualTo("/v2/spaces/U3BhY2U6MTpYeVo%3D?name=a%20b");
    assertThat(seen.get(0).header("host")).isEqualTo("127.0.0.1:" + server.port());
    assertThat(seen.get(0).header("accept")).isEqualTo("application/json");
    assertThat(seen.get(0).headers()).doesNotContainKey("content-length");
    assertThat(seen.get(1).header("content-length")).isEqualTo("13");
    assertThat(seen.get(1).bodyText()).isEqualTo("{\"name\":\"é\"}");
    assertThat(seen.get(2).header("content-length")).isEqualTo("0");
    assertThat(seen.get(3).headers()).doesNotContainKey("content-length");
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void headersThatCouldSplitTheRequestAreRefusedBeforeAnythingIsSent() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> true);
    Map<String, String> injected = new LinkedHashMap<>();
    injected.put("X-Evil", "a\r\nX-Injected: b");

    assertThatThrownBy(() -> transport.send(new Request("GET", server.uri("/"), injected, null,
        Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> transport.send(new Request("GET", server.uri("/"),
        Map.of("Content-Length", "5"), null, Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restricted");
    assertThat(server.accepted()).isZero();
  }

  // ---- keep-alive ---------------------------------------------------------------------------

  @Test
  void sequentialRequestsShareOneKeptAliveConnection() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, response(200, request.target()));
      return true;
    });

    for (int i = 0; i < 20; i++) {
      assertThat(text(transport.send(get(server, "/" + i)))).isEqualTo("/" + i);
    }

    assertThat(server.accepted()).isEqualTo(1);
    assertThat(transport.idleConnections()).isEqualTo(1);
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, response(200, "bye", "Connection: close"));
      return true; // the server would read on; the client must not send there again
    });

    transport.send(get(server, "/1"));
    transport.send(get(server, "/2"));

    assertThat(server.accepted()).isEqualTo(2);
    assertThat(server.received()).extracting(TinyHttpServer.Received::indexOnConnection)
        .containsExactly(1, 1);
    assertThat(transport.idleConnections()).isZero();
  }

  @Test
  void anHttp10ResponseIsNotReusedUnlessItSaysKeepAlive() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, request.target().equals("/keep")
          ? "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nk"
          : "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx");
      return true;
    });

    transport.send(get(server, "/keep"));
    transport.send(get(server, "/once"));
    transport.send(get(server, "/again"));

    assertThat(server.received()).extracting(TinyHttpServer.Received::connection)
        .containsExactly(1, 1, 2);
  }

  @Test
  void aServerThatClosedAnIdleConnectionCostsNothingTheNextRequestGoesOnANewOne()
      throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, response(200, request.method()));
      return false; // the server's idle timeout, at once: closes after answering, unannounced
    });

    transport.send(get(server, "/"));
    awaitServerClosed(server, 1);
    // A POST too: the closed connection is noticed before anything is sent, so nothing is lost.
    assertThat(text(transport.send(request("POST", server, "/", "{}")))).isEqualTo("POST");
    awaitServerClosed(server, 2);
    assertThat(text(transport.send(get(server, "/")))).isEqualTo("GET");

    assertThat(server.accepted()).isEqualTo(3);
    assertThat(server.received()).extracting(TinyHttpServer.Received::method)
        .containsExactly("GET", "POST", "GET");
  }

  @Test
  void aStaleConnectionFailingASafeRequestIsRetriedOnceOnAFreshConnection() throws Exception {
    // The race the idle check can't see: the server closes just as the request arrives.
    TinyHttpServer server = server((request, out, socket) -> {
      if (request.indexOnConnection() == 2) {
        return false; // read the request, close without a byte
      }
      write(out, response(200, "ok"));
      return true;
    });

    transport.send(get(server, "/1"));
    Response response = transport.send(get(server, "/2"));

    assertThat(text(response)).isEqualTo("ok");
    assertThat(server.received()).extracting(TinyHttpServer.Received::target)
        .containsExactly("/1", "/2", "/2");
    assertThat(server.accepted()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} on a stale connection is not re-sent by the transport")
  @ValueSource(strings = {"POST", "PATCH", "PUT", "DELETE"})
  void unsafeMethodsOnAStaleConnectionSurfaceTheFailure(String method) throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      if (request.indexOnConnection() == 2) {
        return false;
      }
      write(out, response(200, "ok"));
      return true;
    });

    transport.send(get(server, "/1"));
    assertThatThrownBy(() -> transport.send(request(method, server, "/2", "{}")))
        .isInstanceOf(IOException.class);

    // Whether to send it again is the SDK's call (retry budget, idempotency key), not ours.
    assertThat(server.received()).extracting(TinyHttpServer.Received::method)
        .containsExactly("GET", method);
  }

  @Test
  void aFailureOnAFreshConnectionIsNotRetriedEvenForGet() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> false);

    assertThatThrownBy(() -> transport.send(get(server, "/"))).isInstanceOf(IOException.class)
        .hasMessageContaining("before any response byte");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void aResponseCutShortIsAnErrorAndNotRetriedEvenForGet() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      if (request.indexOnConnection() == 2) {
        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        return false;
      }
      write(out, response(200, "ok"));
      return true;
    });

    transport.send(get(server, "/1"));
    assertThatThrownBy(() -> transport.send(get(server, "/2"))).isInstanceOf(IOException.class)
        .hasMessageContaining("7 of 100");
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void connectionsIdleLongerThanTheLimitAreNotReused() throws Exception {
    // The limit is far above a pause between two sends, and the sleep far above the limit.
    transport = track(new SocketHttpTransport(Duration.ofSeconds(5), null, 4,
        Duration.ofMillis(500)));
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, response(200, "ok"));
      return true;
    });

    transport.send(get(server, "/1"));
    transport.send(get(server, "/2"));
    Thread.sleep(1200);
    transport.send(get(server, "/3"));

    assertThat(server.received()).extracting(TinyHttpServer.Received::connection)
        .containsExactly(1, 1, 2);
  }

  @Test
  void theIdlePoolIsBounded() throws Exception {
    transport = track(new SocketHttpTransport(Duration.ofSeconds(5), null, 2,
        Duration.ofSeconds(30)));
    CountDownLatch allArrived = new CountDownLatch(5);
    TinyHttpServer server = server((request, out, socket) -> {
      allArrived.countDown();
      allArrived.await(5, TimeUnit.SECONDS); // five requests in flight at once: five connections
      write(out, response(200, "ok"));
      return true;
    });
    ExecutorService callers = Executors.newFixedThreadPool(5);
    try {
      List<Future<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(callers.submit(() -> transport.send(get(server, "/"))));
      }
      for (Future<Response> call : calls) {
        assertThat(call.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(server.accepted()).isEqualTo(5);
    assertThat(transport.idleConnections()).isEqualTo(2);
  }

  @Test
  void concurrentCallersNeverShareAConnectionMidExchange() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      String id = request.header("x-call");
      byte[] body = ("call " + id + " " + request.bodyText()).getBytes(StandardCharsets.UTF_8);
      // the response in two pieces with a pause: a second caller on this socket would garble it
      out.write(("HTTP/1.1 200 OK\r\nX-Call: " + id + "\r\nContent-Length: " + body.length
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread.sleep(ThreadLocalRandom.current().nextInt(2));
      out.write(body);
      out.flush();
      return true;
    });
    int threads = 8;
    int perThread = 40;
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(callers.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String id = thread + "-" + i;
            Response r = transport.send(new Request("POST", server.uri("/echo"),
                Map.of("X-Call", id), ("payload-" + id).getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5)));
            assertThat(r.header("x-call")).isEqualTo(id);
            assertThat(text(r)).isEqualTo("call " + id + " payload-" + id);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(server.received()).hasSize(threads * perThread);
    assertThat(server.accepted()).isBetween(1, threads);
  }

  // ---- timeouts, failures, interrupts -------------------------------------------------------

  @Test
  void aResponseThatDoesNotArriveInTimeIsAnHttpTimeoutException() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    TinyHttpServer server = server((request, out, socket) -> {
      if (request.target().equals("/slow")) {
        release.await(10, TimeUnit.SECONDS);
        return false;
      }
      write(out, response(200, "fast"));
      return true;
    });
    Request slow = new Request("GET", server.uri("/slow"), Map.of(), null,
        Duration.ofMillis(300));

    long start = System.nanoTime();
    assertThatThrownBy(() -> transport.send(slow)).isInstanceOf(HttpTimeoutException.class)
        .hasMessageContaining("300 ms");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    release.countDown();

    assertThat(tookMs).isBetween(250L, 5_000L);
    assertThat(text(transport.send(get(server, "/fast")))).isEqualTo("fast");
    assertThat(server.accepted()).isEqualTo(2); // the timed-out connection was not reused
  }

  @Test
  void theTimeoutCoversTheWholeResponseNotEachRead() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 50; i++) { // a byte every 40 ms: 2 s in all
        out.write('x');
        out.flush();
        Thread.sleep(40);
      }
      return true;
    });
    Request request = new Request("GET", server.uri("/trickle"), Map.of(), null,
        Duration.ofMillis(400));

    long start = System.nanoTime();
    assertThatThrownBy(() -> transport.send(request)).isInstanceOf(HttpTimeoutException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500L);
  }

  @Test
  void aRefusedConnectionIsAConnectExceptionNamingTheServer() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Request request = new Request("GET", java.net.URI.create("http://127.0.0.1:" + port + "/"),
        Map.of(), null, Duration.ofSeconds(1));

    assertThatThrownBy(() -> transport.send(request)).isInstanceOf(ConnectException.class)
        .hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void anInterruptWhileWaitingForTheResponseIsAnInterruptedException() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    TinyHttpServer server = server((request, out, socket) -> {
      arrived.countDown();
      Thread.sleep(10_000);
      return false;
    });
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        transport.send(get(server, "/"));
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    caller.start();
    assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50);
    caller.interrupt();
    caller.join(5_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void anAlreadyInterruptedCallerSendsNothing() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> true);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> transport.send(get(server, "/")))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
    assertThat(server.received()).isEmpty();
  }

  @Test
  void afterCloseTheTransportStillWorksWithoutKeepingConnections() throws Exception {
    TinyHttpServer server = server((request, out, socket) -> {
      write(out, response(200, "ok"));
      return true;
    });
    transport.send(get(server, "/1"));
    transport.close();
    awaitServerClosed(server, 1);

    assertThat(transport.send(get(server, "/2")).status()).isEqualTo(200);
    assertThat(transport.idleConnections()).isZero();
  }

  static void awaitServerClosed(TinyHttpServer server, int connections)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.finished() < connections && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.finished()).isGreaterThanOrEqualTo(connections);
    Thread.sleep(20); // let the FIN reach the client's socket
  }
}
