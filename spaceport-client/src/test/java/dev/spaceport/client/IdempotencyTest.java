package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.api.Space;
import dev.spaceport.client.errors.ConflictException;
import dev.spaceport.client.errors.ConnectionException;
import dev.spaceport.client.errors.UnprocessableException;
import dev.spaceport.client.internal.SocketHttpTransport;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.PgLocks;
import dev.spaceport.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creates are safe to retry: the SDK sends one Idempotency-Key for all attempts of a call, and the
 * server replays the first result instead of acting twice.
 */
class IdempotencyTest {

  static TestServer server;
  static SpaceportClient admin;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .build();

  String org;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = Clients.admin(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void organization() {
    org = admin.organizations().create(unique("org"), null).id();
  }

  // ---- end to end: a lost response ----------------------------------------------------------

  @Test
  void aCreateWhoseResponseIsLostOnTheWireIsRetriedAndLeavesExactlyOneSpace() throws Exception {
    String name = unique("lost");
    try (CuttingProxy proxy = new CuttingProxy(server.port(), "POST /v2/spaces ")) {
      SpaceportClient client = Clients.builder(proxy.baseUrl(), TestServer.ADMIN_KEY).build();

      Space created = client.spaces().create(name, org, "once");

      // The server did answer the first attempt, and the proxy threw that answer away.
      assertThat(proxy.swallowedStatusLines()).containsExactly("HTTP/1.1 201 Created");
      List<CuttingProxy.Seen> posts = proxy.seen().stream()
          .filter(s -> s.requestLine().startsWith("POST /v2/spaces ")).toList();
      assertThat(posts).hasSize(2);
      assertThat(posts.get(0).idempotencyKey()).isNotBlank()
          .isEqualTo(posts.get(1).idempotencyKey());

      assertExactlyOneSpaceNamed(name, created);
    }
  }

  @Test
  void withoutIdempotencyKeysTheSameLossIsAnErrorAlthoughTheSpaceWasCreated() throws Exception {
    String name = unique("unkeyed");
    try (CuttingProxy proxy = new CuttingProxy(server.port(), "POST /v2/spaces ")) {
      SpaceportClient client = Clients.builder(proxy.baseUrl(), TestServer.ADMIN_KEY)
          .idempotencyKeys(false).build();

      RetryTest.catchThrowing(ConnectionException.class,
          () -> client.spaces().create(name, org));

      assertThat(proxy.seen()).hasSize(1); // never retried
      assertThat(proxy.seen().get(0).idempotencyKey()).isNull();
      assertThat(admin.spaces().list(SpaceListParams.builder().organizationId(org).name(name)
          .build()).items()).extracting(Space::name).containsExactly(name);
    }
  }

  @Test
  void aLostResponseInTheTransportIsRetriedAndAnsweredByAReplay() {
    String name = unique("replayed");
    LosingTransport transport = new LosingTransport();
    SpaceportClient client = Clients.builder(server.baseUrl(), TestServer.ADMIN_KEY)
        .transport(transport).build();

    Space created = client.spaces().create(name, org);

    assertThat(transport.sent).hasSize(2);
    assertThat(transport.sent.get(1).headers().get("Idempotency-Key"))
        .isEqualTo(transport.sent.get(0).headers().get("Idempotency-Key"));
    HttpTransport.Response lost = transport.responses.get(0);
    HttpTransport.Response replay = transport.responses.get(1);
    assertThat(lost.status()).isEqualTo(201);
    assertThat(lost.header("idempotent-replayed")).isNull();
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.header("idempotent-replayed")).isEqualTo("true");
    assertThat(replay.body()).isEqualTo(lost.body());
    assertExactlyOneSpaceNamed(name, created);
  }

  /**
   * The connection breaks while the server is still creating (held up here by a lock on its
   * idempotency records, PostgreSQL only); the SDK's retry finds the first attempt still running
   * (409 with Retry-After), waits, and gets the first attempt's response replayed.
   */
  @Test
  void aRetryThatFindsTheFirstAttemptStillRunningWaitsForItsReplay() throws Exception {
    assumeTrue(TestServer.onPostgres(), "SQLite does not wait for a lock held outside the server");
    String name = unique("slow");
    try (Connection lock = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), null)) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE idempotency_responses IN EXCLUSIVE MODE");
      }
      AbandoningTransport transport = new AbandoningTransport(
          () -> PgLocks.untilAStatementWaitsFor(lock, "idempotency_responses"));
      List<Duration> waits = new CopyOnWriteArrayList<>();
      SpaceportClient client = Clients.builder(server.baseUrl(), TestServer.ADMIN_KEY)
          .transport(transport).sleeper(wait -> {
            waits.add(wait);
            if (waits.size() == 2) { // told "still in progress": let the first attempt finish
              try {
                lock.rollback();
              } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
              }
              Thread.sleep(wait.toMillis());
            }
          }).build();

      Space created = client.spaces().create(name, org);

      assertThat(transport.statuses).containsExactly(409, 201);
      assertThat(waits.get(1)).isEqualTo(Duration.ofSeconds(1)); // the server's Retry-After
      HttpTransport.Response first = transport.abandoned.get(30, TimeUnit.SECONDS);
      assertThat(first.status()).isEqualTo(201);
      assertThat(transport.replay.header("idempotent-replayed")).isEqualTo("true");
      assertThat(transport.replay.body()).isEqualTo(first.body());
      assertExactlyOneSpaceNamed(name, created);
    }
  }

  // ---- the server's side, at HTTP level -----------------------------------------------------

  @Test
  void theSameKeyReplaysTheFirstResponseByteForByte() throws Exception {
    String key = UUID.randomUUID().toString();
    String body = "{\"name\":\"" + unique("raw") + "\",\"organization_id\":\"" + org + "\"}";

    HttpResponse<byte[]> first = post(TestServer.ADMIN_KEY, key, body);
    HttpResponse<byte[]> second = post(TestServer.ADMIN_KEY, key, body);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(second.headers().firstValue("Content-Type"))
        .isEqualTo(first.headers().firstValue("Content-Type"));
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(admin.spaces().list(SpaceListParams.builder().organizationId(org).build())
        .items()).hasSize(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIsUnprocessable() throws Exception {
    String key = UUID.randomUUID().toString();
    assertThat(post(TestServer.ADMIN_KEY, key, "{\"name\":\"a-" + key + "\",\"organization_id\":\""
        + org + "\"}").statusCode()).isEqualTo(201);
    HttpResponse<byte[]> other = post(TestServer.ADMIN_KEY, key, "{\"name\":\"b-" + key
        + "\",\"organization_id\":\"" + org + "\"}");
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));

    // and through the SDK, which maps it to UnprocessableException
    SpaceportClient fixedKey = Clients.builder(server.baseUrl(), TestServer.ADMIN_KEY)
        .transport(new FixedKeyTransport(key)).build();
    UnprocessableException e = RetryTest.catchThrowing(UnprocessableException.class,
        () -> fixedKey.spaces().create("c-" + key, org));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("Idempotency-Key"));
    assertThat(e.requestId()).isPresent();
    // only the first create happened
    assertThat(admin.spaces().listAll(SpaceListParams.builder().organizationId(org).build()))
        .extracting(Space::name).containsExactly("a-" + key);
  }

  @Test
  void keysAreScopedPerApiKeySoAnotherUsersIdenticalKeyActsIndependently() {
    String key = "shared-idempotency-key-" + UUID.randomUUID();
    Fixtures.TestUser other = server.fixtures().user("admin");
    SpaceportClient mine = Clients.builder(server.baseUrl(), TestServer.ADMIN_KEY)
        .transport(new FixedKeyTransport(key)).build();
    SpaceportClient theirs = Clients.builder(server.baseUrl(), other.api().key())
        .transport(new FixedKeyTransport(key)).build();
    String name = unique("scoped");

    Space first = mine.spaces().create(name, org);
    // Same key, same body, other API key: not a replay of my response — it really runs, and
    // the name is taken.
    RetryTest.catchThrowing(ConflictException.class, () -> theirs.spaces().create(name, org));
    // Same key, another body, other API key: not a 422 either — it creates.
    Space theirSpace = theirs.spaces().create(name + "-theirs", org);
    assertThat(theirSpace.id()).isNotEqualTo(first.id());

    // Each API key still replays its own first response.
    assertThat(mine.spaces().create(name, org)).isEqualTo(first);
    assertThat(theirs.spaces().create(name + "-theirs", org)).isEqualTo(theirSpace);
    assertThat(admin.spaces().listAll(SpaceListParams.builder().organizationId(org).build()))
        .extracting(Space::name).containsExactly(name, name + "-theirs");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void assertExactlyOneSpaceNamed(String name, Space returned) {
    List<Space> matching = admin.spaces().listAll(SpaceListParams.builder().organizationId(org)
        .name(name).build()).stream().filter(s -> s.name().equals(name)).toList();
    assertThat(matching).containsExactly(returned);
  }

  private HttpResponse<byte[]> post(String apiKey, String idempotencyKey, String json)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v2/spaces"))
        .header("Authorization", "Bearer " + apiKey)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * The default transport, except that the response to the first POST is lost after the server
   * sent it: the request reaches the server and commits, then the SDK sees an IOException.
   */
  static final class LosingTransport implements HttpTransport {
    final HttpTransport delegate = new SocketHttpTransport(Duration.ofSeconds(5));
    final List<Request> sent = new CopyOnWriteArrayList<>();
    final List<Response> responses = new CopyOnWriteArrayList<>();

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
      sent.add(request);
      Response response = delegate.send(request);
      responses.add(response);
      if (request.method().equals("POST") && responses.size() == 1) {
        throw new IOException("connection reset after the server answered (simulated)");
      }
      return response;
    }
  }

  /**
   * The default transport, except that the first POST is sent on another thread and abandoned at
   * once, as if its connection had broken before the answer: the server goes on running it.
   */
  static final class AbandoningTransport implements HttpTransport {
    final HttpTransport delegate = new SocketHttpTransport(Duration.ofSeconds(30));
    final List<Integer> statuses = new CopyOnWriteArrayList<>();
    /** Returns once the abandoned POST has reached the server and registered its key. */
    private final Runnable untilRegistered;
    volatile CompletableFuture<Response> abandoned;
    volatile Response replay;

    AbandoningTransport(Runnable untilRegistered) {
      this.untilRegistered = untilRegistered;
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
      if (request.method().equals("POST") && abandoned == null) {
        abandoned = CompletableFuture.supplyAsync(() -> {
          try (HttpTransport own = new SocketHttpTransport(Duration.ofSeconds(30))) {
            return own.send(request);
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
        untilRegistered.run();
        throw new IOException("connection reset before the answer (simulated)");
      }
      Response response = delegate.send(request);
      statuses.add(response.status());
      replay = response;
      return response;
    }
  }

  /** The default transport, sending one fixed Idempotency-Key instead of the SDK's fresh one. */
  static final class FixedKeyTransport implements HttpTransport {
    final HttpTransport delegate = new SocketHttpTransport(Duration.ofSeconds(5));
    final String key;

    FixedKeyTransport(String key) {
      this.key = key;
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
      Map<String, String> headers = new LinkedHashMap<>(request.headers());
      if (headers.containsKey("Idempotency-Key")) {
        headers.put("Idempotency-Key", key);
      }
      return delegate.send(new Request(request.method(), request.uri(), headers, request.body(),
          request.timeout()));
    }
  }
}
