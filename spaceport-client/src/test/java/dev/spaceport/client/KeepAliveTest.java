package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.api.Organization;
import dev.spaceport.api.Space;
import dev.spaceport.server.http.Limits;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default transport's connections against the real server: calls share kept-alive
 * connections (counted by a relaying proxy, one line per connection), and a connection the server
 * closed for idleness is replaced without a failed call — even a POST that may not be retried.
 */
class KeepAliveTest {

  private static final int IDLE_TIMEOUT_MS = 300;

  static TestServer server;
  static String org;

  @BeforeAll
  static void start() {
    server = TestServer.start(); // the default idle timeout (30 s): connections stay open
    try (SpaceportClient admin = Clients.admin(server)) {
      org = admin.organizations().create(unique("keepalive"), null).id();
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A proxy that relays everything; {@code seen()} has one entry per client connection. */
  private static CuttingProxy countingProxy(TestServer to) throws Exception {
    return new CuttingProxy(to.port(), "NEVER CUT ");
  }

  @Test
  void sequentialCallsShareOneConnection() throws Exception {
    try (CuttingProxy proxy = countingProxy(server);
        SpaceportClient client = Clients.builder(proxy.baseUrl(), TestServer.ADMIN_KEY).build()) {
      Space space = client.spaces().create(unique("kept"), org);
      for (int i = 0; i < 20; i++) {
        assertThat(client.spaces().get(space.id())).isEqualTo(space);
      }
      client.spaces().delete(space.id());

      assertThat(proxy.seen()).hasSize(1);
    }
  }

  @Test
  void aConnectionTheServerClosedWhileIdleIsReplacedWithoutAFailedCall() throws Exception {
    System.setProperty(Limits.IDLE_TIMEOUT_PROPERTY, String.valueOf(IDLE_TIMEOUT_MS));
    TestServer impatient;
    try {
      impatient = TestServer.start();
    } finally {
      System.clearProperty(Limits.IDLE_TIMEOUT_PROPERTY);
    }
    CountingTransport transport = new CountingTransport();
    try (impatient;
        CuttingProxy proxy = countingProxy(impatient);
        SpaceportClient client = Clients.builder(proxy.baseUrl(), TestServer.ADMIN_KEY)
            .transport(transport).maxRetries(0).idempotencyKeys(false).build()) {
      Organization first = client.organizations().create(unique("idle-a"), null);
      Thread.sleep(IDLE_TIMEOUT_MS * 4); // the server's idle timeout closes the connection
      Organization second = client.organizations().create(unique("idle-b"), null);
      Thread.sleep(IDLE_TIMEOUT_MS * 4);
      assertThat(client.organizations().get(first.id())).isEqualTo(first);

      assertThat(second.id()).isNotEqualTo(first.id());
      assertThat(transport.count()).isEqualTo(3); // no call failed, none was retried
      assertThat(proxy.seen()).hasSize(3); // each after an idle close on a new connection
    }
  }

  @Test
  void concurrentCallersEachGetTheirOwnAnswers() throws Exception {
    int threads = 6;
    try (CuttingProxy proxy = countingProxy(server);
        SpaceportClient client = Clients.builder(proxy.baseUrl(), TestServer.ADMIN_KEY).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(pool.submit(() -> {
            for (int i = 0; i < 10; i++) {
              Space space = client.spaces().create(unique("concurrent"), org, "d" + i);
              assertThat(client.spaces().get(space.id())).isEqualTo(space);
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(proxy.seen()).hasSizeBetween(1, threads);
    }
  }

  @Test
  void theJdkHttpClientTransportRemainsAvailable() throws Exception {
    try (SpaceportClient client = Clients.builder(server.baseUrl(), TestServer.ADMIN_KEY)
        .useJdkHttpClient().build()) {
      Space space = client.spaces().create(unique("jdk"), org);
      assertThat(client.spaces().get(space.id())).isEqualTo(space);
      client.spaces().delete(space.id());
    }
  }
}
