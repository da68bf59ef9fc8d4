package dev.spaceport.server.ops;

import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.PgLocks;
import dev.spaceport.server.testing.RawHttp;
import dev.spaceport.server.testing.TestServer;
import dev.spaceport.server.testing.Wait;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link SpaceportServer#close()} (what SIGTERM runs) is graceful: readiness goes false first, the
 * listener stops accepting, requests already in flight finish and are answered, and the store is
 * closed cleanly — so every acknowledged write is there when the store is opened again, and no
 * request is cut off half-way.
 */
class GracefulShutdownTest {

  /** What became of one request sent over its own connection. */
  enum Kind { ANSWERED, REFUSED, NOT_SERVED }

  record Outcome(Kind kind, int status, String body, String spaceName) {}

  /** One request on a fresh connection ({@code Connection: close}). */
  static Outcome send(int port, String method, String path, String body, String name) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    } catch (ConnectException e) {
      return new Outcome(Kind.REFUSED, 0, null, name);
    } catch (IOException e) {
      return new Outcome(Kind.REFUSED, 0, null, name);
    }
    try (socket) {
      socket.setSoTimeout(30_000);
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + TestServer.ADMIN_KEY + "\r\nConnection: close\r\n"
          + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
              + bytes.length + "\r\n") + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      return read(socket.getInputStream(), method, path, name);
    } catch (IOException e) {
      return new Outcome(Kind.NOT_SERVED, 0, e.toString(), name);
    }
  }

  /** Reads the answer; one that arrives is checked against openapi.yaml like every other. */
  static Outcome read(InputStream in, String method, String path, String name)
      throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    in.transferTo(raw);
    if (raw.size() == 0) {
      return new Outcome(Kind.NOT_SERVED, 0, "closed without an answer", name);
    }
    ApiResponse response = RawHttp.parse(method, path, raw.toByteArray());
    return new Outcome(Kind.ANSWERED, response.status(), response.body(), name);
  }

  static String spaceBody(String name, String org) {
    return "{\"name\":\"" + name + "\",\"organization_id\":\"" + org + "\"}";
  }

  /**
   * PostgreSQL only: an outside transaction there can hold a request's write for as long as the
   * test likes. On SQLite the server is the only writer (an outside writer makes its write fail
   * at once instead of wait), so there the load test below is what exercises requests in flight.
   */
  @Test
  void aRequestInFlightFinishesWhileReadinessIsFalseAndNewConnectionsAreRefused()
      throws Exception {
    assumeTrue(TestServer.onPostgres(), "needs an outside lock a request waits on");
    ServerConfig config = TestServer.freshConfig().withShutdownTimeout(Duration.ofSeconds(10));
    SpaceportServer server = SpaceportServer.start(config);
    int port = server.port();
    String org = new Fixtures(new Api("http://127.0.0.1:" + port, TestServer.ADMIN_KEY))
        .organization();
    CompletableFuture<Void> closing;
    Future<Outcome> inFlight;
    ExecutorService client = Executors.newSingleThreadExecutor();
    // Hold the store's write lock from outside, so the create below is in flight — received,
    // being processed, blocked on its write — when close() starts.
    try (Connection lock = lockSpaces(config)) {
      inFlight = client.submit(() -> send(port, "POST", "/v2/spaces",
          spaceBody("in-flight", org), "in-flight"));
      PgLocks.untilAStatementWaitsFor(lock, "spaces");
      closing = CompletableFuture.runAsync(server::close);
      Wait.until("new connections are refused",
          () -> send(port, "GET", "/readyz", null, null).kind() == Kind.REFUSED);
      assertThat(inFlight).as("the request is still in flight").isNotDone();
      assertThat(closing).as("close() waits for the request in flight").isNotDone();
      assertThat(server.isReady()).as("readiness went false first").isFalse();
      lock.rollback();
    }
    Outcome outcome = inFlight.get(15, TimeUnit.SECONDS);
    closing.get(15, TimeUnit.SECONDS);
    client.shutdown();
    assertThat(outcome.kind()).isEqualTo(Kind.ANSWERED);
    assertThat(outcome.status()).as(outcome.body()).isEqualTo(201);
    String id = Api.JSON.readTree(outcome.body()).get("id").asText();

    SpaceportServer reopened = SpaceportServer.start(config.withPort(0));
    try {
      Api api = new Api("http://127.0.0.1:" + reopened.port(), TestServer.ADMIN_KEY);
      assertThat(api.get("/v2/spaces/" + seg(id)).expect(200).text("name"))
          .isEqualTo("in-flight");
    } finally {
      reopened.close();
    }
  }

  static long acknowledged(List<Outcome> outcomes) {
    synchronized (outcomes) {
      return outcomes.stream().filter(o -> o.kind() == Kind.ANSWERED && o.status() == 201)
          .count();
    }
  }

  /** A transaction that blocks every write to {@code spaces} until it is rolled back. */
  static Connection lockSpaces(ServerConfig config) throws Exception {
    Connection c = DriverManager.getConnection(config.databaseUrl(), config.databaseUser(),
        config.databasePassword());
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE spaces IN SHARE ROW EXCLUSIVE MODE");
    }
    return c;
  }

  @Test
  void closingUnderLoadLosesNothing() throws Exception {
    ServerConfig config = TestServer.freshConfig();
    SpaceportServer server = SpaceportServer.start(config);
    int port = server.port();
    String org = new Fixtures(new Api("http://127.0.0.1:" + port, TestServer.ADMIN_KEY))
        .organization();
    List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger names = new AtomicInteger();
    ExecutorService load = Executors.newFixedThreadPool(6);
    List<Future<?>> workers = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (int t = 0; t < 6; t++) {
      boolean writer = t % 2 == 0;
      workers.add(load.submit(() -> {
        while (!stop.get() && System.nanoTime() < deadline) {
          Outcome o;
          if (writer) {
            String name = "load-" + names.incrementAndGet();
            o = send(port, "POST", "/v2/spaces", spaceBody(name, org), name);
          } else {
            o = send(port, "GET", "/v2/spaces?limit=5", null, null);
          }
          outcomes.add(o);
          if (o.kind() == Kind.REFUSED) {
            return;
          }
        }
      }));
    }
    // Let the load get going (however slow this machine is today), then shut down under it.
    long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (acknowledged(outcomes) < 20 && System.nanoTime() < warm) {
      Thread.sleep(20);
    }
    server.close();
    stop.set(true);
    for (Future<?> w : workers) {
      w.get(30, TimeUnit.SECONDS);
    }
    load.shutdown();

    List<Outcome> all = List.copyOf(outcomes);
    assertThat(acknowledged(all)).as("writes were acknowledged before the shutdown")
        .isGreaterThanOrEqualTo(20);
    // Every request was answered in full with a success, or never reached the server. (A request
    // on a connection accepted just as the listener closed may get a 503 Problem instead: it was
    // refused before any work, like a refused connection.)
    assertThat(all).allSatisfy(o -> {
      if (o.kind() == Kind.ANSWERED && o.status() / 100 != 2) {
        assertThat(o.status()).as(o.body()).isEqualTo(503);
      }
    });

    SpaceportServer reopened = SpaceportServer.start(config.withPort(0));
    try {
      Api api = new Api("http://127.0.0.1:" + reopened.port(), TestServer.ADMIN_KEY);
      List<String> stored = new ArrayList<>();
      String cursor = null;
      do {
        JsonNode page = api.get("/v2/spaces?limit=100&org_id=" + seg(org)
            + (cursor == null ? "" : "&cursor=" + seg(cursor))).expect(200).json();
        page.get("spaces").forEach(s -> stored.add(s.get("name").asText()));
        JsonNode next = page.get("pagination").get("next_cursor");
        cursor = next == null ? null : next.asText();
      } while (cursor != null);
      for (Outcome o : all) {
        if (o.spaceName() == null) {
          continue;
        }
        if (o.kind() == Kind.ANSWERED && o.status() == 201) {
          assertThat(stored).as("acknowledged %s is stored", o.spaceName())
              .contains(o.spaceName());
        } else if (o.kind() != Kind.ANSWERED || o.status() == 503) {
          assertThat(stored).as("unanswered %s was not written", o.spaceName())
              .doesNotContain(o.spaceName());
        }
      }
      // Every stored space was acknowledged: nothing was written behind a client's back.
      List<String> acknowledged = all.stream().filter(o -> o.status() == 201)
          .map(Outcome::spaceName).toList();
      assertThat(acknowledged).containsExactlyInAnyOrderElementsOf(stored);
    } finally {
      reopened.close();
    }
  }
}
