package dev.spaceport.client;

import static dev.spaceport.client.StubServer.drop;
import static dev.spaceport.client.StubServer.respond;
import static dev.spaceport.client.StubServer.respondWithBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.api.Space;
import dev.spaceport.client.errors.ConflictException;
import dev.spaceport.client.errors.ConnectionException;
import dev.spaceport.client.errors.RateLimitedException;
import dev.spaceport.client.errors.ServerException;
import dev.spaceport.client.internal.JdkHttpTransport;
import dev.spaceport.client.internal.SocketHttpTransport;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retries, against a stub that injects faults (the only place the SDK talks to anything but the
 * real server). Waits are recorded through the builder's sleeper instead of slept.
 */
class RetryTest {

  static final String EMPTY_SPACE_LIST = "{\"spaces\":[],\"pagination\":{\"has_more\":false}}";
  static final String SPACE_JSON = "{\"id\":\"U3BhY2U6MTpiRnVM\",\"name\":\"retried\","
      + "\"description\":\"\",\"created_at\":\"2026-06-01T09:30:00.123Z\"}";

  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  private SpaceportClient.Builder builder(StubServer stub) {
    return SpaceportClient.builder().apiKey("stub-key").baseUri(stub.baseUrl())
        .sleeper(waits::add);
  }

  private SpaceportClient client(StubServer stub) {
    return builder(stub).build();
  }

  // ---- status-based retries ------------------------------------------------------------------

  @Test
  void getIsRetriedThroughA503StormThenFailsWithServerExceptionAfterFourAttempts() {
    try (StubServer stub = new StubServer(respond(503, "X-Request-Id", "req-503"))) {
      ServerException e = catchThrowing(ServerException.class, () -> client(stub).spaces().list());

      assertThat(stub.received()).hasSize(4); // default budget: 3 retries
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.title()).contains("Service Unavailable");
      assertThat(e.detail()).contains("stubbed 503");
      assertThat(e.requestId()).contains("req-503");
      assertThat(e.header("Content-Type")).contains("application/problem+json");
      assertBackoffWithinBounds(waits, Duration.ofMillis(250), Duration.ofSeconds(8));
      assertThat(waits).hasSize(3);
    }
  }

  @Test
  void aStormThatEndsBeforeTheBudgetIsInvisibleToTheCaller() {
    try (StubServer stub = new StubServer(respond(503), respond(429), respond(503),
        respondWithBody(200, EMPTY_SPACE_LIST))) {
      Page<Space> page = client(stub).spaces().list();

      assertThat(page.items()).isEmpty();
      assertThat(page.hasMore()).isFalse();
      assertThat(stub.received()).hasSize(4);
      assertThat(waits).hasSize(3);
    }
  }

  @Test
  void retryAfterInSecondsIsWaitedExactly() {
    try (StubServer stub = new StubServer(respond(429, "Retry-After", "7"),
        respond(503, "Retry-After", "2"), respondWithBody(200, EMPTY_SPACE_LIST))) {
      client(stub).spaces().list();

      assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
      assertThat(stub.received()).hasSize(3);
    }
  }

  @Test
  void retryAfterAsAnHttpDateIsWaitedUntilThatMoment() {
    String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
    String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(30));
    try (StubServer stub = new StubServer(respond(503, "Retry-After", in30s),
        respond(429, "Retry-After", past), respondWithBody(200, EMPTY_SPACE_LIST))) {
      client(stub).spaces().list();

      assertThat(waits).hasSize(2);
      // HTTP dates have whole seconds, and a moment passes between the answer and the check
      // (seconds, on a busy machine: the lower bound leaves them).
      assertThat(waits.get(0)).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
      assertThat(waits.get(1)).isEqualTo(Duration.ZERO); // a date in the past: retry at once
    }
  }

  @Test
  void withoutRetryAfterTheWaitIsCappedExponentialBackoffWithFullJitter() {
    Duration base = Duration.ofMillis(100);
    Duration cap = Duration.ofMillis(800);
    List<Duration> all = new ArrayList<>();
    for (int run = 0; run < 5; run++) {
      waits.clear();
      try (StubServer stub = new StubServer(respond(429))) {
        SpaceportClient client = builder(stub).maxRetries(8).retryBackoff(base, cap).build();
        RateLimitedException e = catchThrowing(RateLimitedException.class,
            () -> client.spaces().list());

        assertThat(e.retryAfter()).isEmpty();
        assertThat(stub.received()).hasSize(9);
        assertThat(waits).hasSize(8);
        assertBackoffWithinBounds(waits, base, cap);
        all.addAll(waits);
      }
    }
    // Full jitter: the waits are spread out, not the same fixed schedule every time.
    assertThat(new HashSet<>(all)).hasSizeGreaterThan(10);
    assertThat(all).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(cap));
  }

  @Test
  void stillThrottledAfterTheBudgetIsARateLimitedExceptionCarryingRetryAfter() {
    try (StubServer stub = new StubServer(respond(429, "Retry-After", "1",
        "X-Request-Id", "req-429"))) {
      RateLimitedException e = catchThrowing(RateLimitedException.class,
          () -> client(stub).organizations().list());

      assertThat(stub.received()).hasSize(4);
      assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1),
          Duration.ofSeconds(1));
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
      assertThat(e.title()).contains("Too Many Requests");
      assertThat(e.detail()).contains("stubbed 429");
      assertThat(e.requestId()).contains("req-429");
    }
  }

  @Test
  void aRetryAfterLongerThanAMinuteIsNotWaitedForTheErrorComesAtOnce() {
    try (StubServer stub = new StubServer(respond(429, "Retry-After", "3600"))) {
      RateLimitedException e = catchThrowing(RateLimitedException.class,
          () -> client(stub).spaces().list());

      assertThat(stub.received()).hasSize(1);
      assertThat(waits).isEmpty();
      assertThat(e.retryAfter()).contains(Duration.ofHours(1));
    }
  }

  @Test
  void theExceptionReportsARetryAfterGivenAsAnHttpDateToo() {
    String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
    try (StubServer stub = new StubServer(respond(429, "Retry-After", inAnHour))) {
      RateLimitedException e = catchThrowing(RateLimitedException.class,
          () -> client(stub).spaces().list());

      assertThat(stub.received()).hasSize(1); // more than a minute away: not waited for
      assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait)
          .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(60)));
    }
  }

  @Test
  void otherServerErrorsAreNotRetried() {
    try (StubServer stub = new StubServer(respond(500, "X-Request-Id", "req-500"))) {
      ServerException e = catchThrowing(ServerException.class,
          () -> client(stub).spaces().get("U3BhY2U6MTpiRnVM"));

      assertThat(stub.received()).hasSize(1);
      assertThat(waits).isEmpty();
      assertThat(e.status()).isEqualTo(500);
      assertThat(e.requestId()).contains("req-500");
    }
  }

  @Test
  void anErrorBodyThatIsNotAProblemStillGivesATypedExceptionWithTheText() {
    try (StubServer stub = new StubServer(respondWithBody(502, "<html>bad gateway</html>",
        "Content-Type", "text/html"))) {
      ServerException e = catchThrowing(ServerException.class,
          () -> client(stub).spaces().list());

      assertThat(e.status()).isEqualTo(502);
      assertThat(e.problem()).isEmpty();
      assertThat(e.getMessage()).contains("502").contains("bad gateway");
      assertThat(stub.received()).hasSize(1);
    }
  }

  @Test
  void maxRetriesZeroDisablesRetries() {
    try (StubServer stub = new StubServer(respond(503))) {
      SpaceportClient client = builder(stub).maxRetries(0).build();
      assertThatThrownBy(() -> client.spaces().list()).isInstanceOf(ServerException.class);
      assertThat(stub.received()).hasSize(1);
      assertThat(waits).isEmpty();
    }
  }

  // ---- which methods are retried -------------------------------------------------------------

  static Stream<Arguments> retriedOperations() {
    return Stream.of(
        Arguments.of("GET", (Consumer<SpaceportClient>) c -> c.roles().get("Um9sZToxOmFiY2Q=")),
        Arguments.of("DELETE", (Consumer<SpaceportClient>) c -> c.roleBindings().delete("x")),
        Arguments.of("PATCH", (Consumer<SpaceportClient>) c -> c.roleBindings().update("x", "y")),
        Arguments.of("POST", (Consumer<SpaceportClient>) c -> c.organizations().create("o", null)));
  }

  @ParameterizedTest(name = "{0} is retried on 503 (POST because it carries an Idempotency-Key)")
  @MethodSource("retriedOperations")
  void safeRequestsAreRetriedOn503(String method, Consumer<SpaceportClient> call) {
    try (StubServer stub = new StubServer(respond(503))) {
      assertThatThrownBy(() -> call.accept(client(stub))).isInstanceOf(ServerException.class);

      assertThat(stub.received()).hasSize(4).allSatisfy(r -> assertThat(r.method())
          .isEqualTo(method));
    }
  }

  @ParameterizedTest(name = "{0} is retried when the connection drops")
  @MethodSource("retriedOperations")
  void safeRequestsAreRetriedWhenTheConnectionDrops(String method,
      Consumer<SpaceportClient> call) {
    try (StubServer stub = new StubServer(drop())) {
      CountingTransport transport = new CountingTransport();
      SpaceportClient client = builder(stub).transport(transport).build();

      ConnectionException e = catchThrowing(ConnectionException.class, () -> call.accept(client));

      assertThat(e.getCause()).isInstanceOf(IOException.class);
      assertThat(e.getMessage()).contains(method);
      assertThat(transport.count()).isEqualTo(4); // the SDK's attempts: 1 + 3 retries
      assertThat(waits).hasSize(3);
      // Each drop is on a fresh connection (the stub serves one request per connection), so the
      // transport never re-sends on its own: the wire sees exactly the SDK's attempts.
      assertThat(stub.received()).hasSize(4);
    }
  }

  @Test
  void aDroppedConnectionFollowedBySuccessIsInvisibleToTheCaller() {
    try (StubServer stub = new StubServer(drop(), drop(), respondWithBody(201, SPACE_JSON))) {
      Space space = client(stub).spaces().create("retried", "T3JnYW5pemF0aW9uOjE6YWJjZA==");

      assertThat(space.id()).isEqualTo("U3BhY2U6MTpiRnVM");
      assertThat(stub.received()).hasSize(3);
      assertThat(waits).hasSize(2);
    }
  }

  @ParameterizedTest(name = "through {0}")
  @ValueSource(strings = {"the default transport", "java.net.http"})
  void anUnreachableServerIsAConnectionExceptionAfterTheBudgetNamingTheCause(String which)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    boolean jdk = which.equals("java.net.http");
    CountingTransport transport = new CountingTransport(jdk
        ? new JdkHttpTransport(Duration.ofSeconds(5))
        : new SocketHttpTransport(Duration.ofSeconds(5)));
    SpaceportClient client = SpaceportClient.builder().apiKey("k")
        .baseUri("http://127.0.0.1:" + port).transport(transport).sleeper(waits::add).build();

    ConnectionException e = catchThrowing(ConnectionException.class,
        () -> client.spaces().list());

    assertThat(transport.count()).isEqualTo(4);
    assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
    assertThat(e.getMessage()).startsWith("GET /v2/spaces failed: ").doesNotEndWith("null");
    if (jdk) {
      // The JDK's ConnectException has no message: the SDK names its type instead.
      assertThat(e.getMessage()).contains("ConnectException");
    } else {
      assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("refused");
    }
  }

  // ---- POSTs and idempotency keys ------------------------------------------------------------

  @Test
  void everyAttemptOfOneCallCarriesTheSameIdempotencyKeyAndTheNextCallANewOne() {
    try (StubServer stub = new StubServer(respond(503), drop(), respond(429),
        respondWithBody(201, SPACE_JSON))) {
      SpaceportClient client = client(stub);
      client.spaces().create("retried", "T3JnYW5pemF0aW9uOjE6YWJjZA==");

      List<StubServer.Received> attempts = stub.received();
      assertThat(attempts).hasSize(4);
      String key = attempts.get(0).header("Idempotency-Key");
      assertThat(key).isNotBlank();
      assertThat(attempts).allSatisfy(r -> {
        assertThat(r.header("Idempotency-Key")).isEqualTo(key);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo(new String(attempts.get(0).body(), java.nio.charset.StandardCharsets.UTF_8));
      });

      client.spaces().create("retried", "T3JnYW5pemF0aW9uOjE6YWJjZA==");
      assertThat(stub.received()).hasSize(5);
      assertThat(stub.received().get(4).header("Idempotency-Key")).isNotBlank().isNotEqualTo(key);
    }
  }

  /**
   * The first attempt's connection broke while the server was still creating; the retry (same
   * key) is told so with a 409 carrying {@code Retry-After}, waits, and gets the replay — the
   * caller sees the space, not a conflict with its own create.
   */
  @Test
  void aKeyedPostToldItsFirstAttemptIsStillRunningWaitsAndGetsTheReplay() {
    try (StubServer stub = new StubServer(drop(),
        respondWithBody(409, "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"a request "
            + "with this Idempotency-Key is still in progress\"}", "Retry-After", "1"),
        respondWithBody(201, SPACE_JSON, "Idempotent-Replayed", "true"))) {
      Space space = client(stub).spaces().create("retried", "T3JnYW5pemF0aW9uOjE6YWJjZA==");

      assertThat(space.id()).isEqualTo("U3BhY2U6MTpiRnVM");
      List<StubServer.Received> attempts = stub.received();
      assertThat(attempts).hasSize(3);
      assertThat(attempts).extracting(r -> r.header("Idempotency-Key")).doesNotContainNull()
          .containsOnly(attempts.get(0).header("Idempotency-Key"));
      assertThat(waits).hasSize(2);
      assertThat(waits.get(1)).isEqualTo(Duration.ofSeconds(1)); // the server's Retry-After
    }
  }

  @Test
  void aConflictWithoutRetryAfterIsFinalAndWithoutAKeySoIsOneWithIt() {
    try (StubServer stub = new StubServer(respond(409))) {
      catchThrowing(ConflictException.class, () -> client(stub).spaces().create("taken",
          "T3JnYW5pemF0aW9uOjE6YWJjZA=="));
      assertThat(stub.received()).hasSize(1); // a duplicate name does not pass by waiting
    }
    try (StubServer stub = new StubServer(respond(409, "Retry-After", "1"))) {
      catchThrowing(ConflictException.class, () -> builder(stub).idempotencyKeys(false).build()
          .spaces().create("taken", "T3JnYW5pemF0aW9uOjE6YWJjZA=="));
      assertThat(stub.received()).hasSize(1); // unkeyed: repeating could create twice
    }
    try (StubServer stub = new StubServer(respond(409, "Retry-After", "1"))) {
      catchThrowing(ConflictException.class, () -> client(stub).spaces()
          .update("U3BhY2U6MTpiRnVM", SpaceUpdateParams.name("taken")));
      assertThat(stub.received()).hasSize(1); // only keyed POSTs wait out a conflict
    }
    assertThat(waits).isEmpty();
  }

  @Test
  void postsWithoutIdempotencyKeysAreNeverRetried() {
    for (StubServer.Action fault : List.of(respond(503), respond(429, "Retry-After", "1"),
        drop())) {
      waits.clear();
      try (StubServer stub = new StubServer(fault)) {
        SpaceportClient client = builder(stub).idempotencyKeys(false).build();

        assertThatThrownBy(() -> client.spaces().create("x", "T3JnYW5pemF0aW9uOjE6YWJjZA=="))
            .isInstanceOfAny(ServerException.class, RateLimitedException.class,
                ConnectionException.class);

        assertThat(stub.received()).as("attempts after %s", fault).hasSize(1);
        assertThat(stub.received().get(0).header("Idempotency-Key")).isNull();
        assertThat(waits).isEmpty();
      }
    }
  }

  @Test
  void nonPostRequestsCarryNoIdempotencyKey() {
    try (StubServer stub = new StubServer(respondWithBody(200, EMPTY_SPACE_LIST))) {
      client(stub).spaces().list();
      assertThat(stub.received().get(0).header("Idempotency-Key")).isNull();
      assertThat(stub.received().get(0).header("Authorization")).isEqualTo("Bearer stub-key");
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Full jitter: retry i waits somewhere in [0, min(cap, base * 2^i)]. */
  static void assertBackoffWithinBounds(List<Duration> waits, Duration base, Duration cap) {
    for (int i = 0; i < waits.size(); i++) {
      Duration ceiling = base.multipliedBy(1L << i);
      if (ceiling.compareTo(cap) > 0) {
        ceiling = cap;
      }
      assertThat(waits.get(i)).as("wait before retry %d", i + 1)
          .isBetween(Duration.ZERO, ceiling);
    }
  }

  static <E extends Throwable> E catchThrowing(Class<E> type, Runnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      assertThat(t).isInstanceOf(type);
      return type.cast(t);
    }
    throw new AssertionError("expected " + type.getSimpleName() + " but the call succeeded");
  }
}
