package dev.spaceport.server.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.spaceport.server.testing.KeepAliveHttp;
import dev.spaceport.server.testing.KeepAliveHttp.Exchange;
import dev.spaceport.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A request Jetty refuses itself (a malformed {@code Content-Length}: 400, connection closed) must
 * not disturb the connections that come after it. Jetty 12.1 re-dispatched the refused
 * connection's read loop while the refusing thread was still in it; the two threads then shared
 * the connection's pooled request buffer, which went back to the pool and on to a fresh connection
 * while the stale thread still filled into it — and the fresh connection's request was parsed and
 * handled twice (or answered with a stranger's 400). See {@link SerialHttpConnectionFactory}.
 *
 * <p>Several clients race: each sends a good request and then a malformed one on a kept-alive
 * connection, then a POST with a body and a GET on a fresh connection; every answer must carry the
 * X-Request-Id just sent, and Jetty must log no "already released" buffer. Without the fix this
 * failed at about 4 wrong answers a minute on a 2-core machine, so a {@value #DEFAULT_SECONDS} s
 * run catches the fault's return about 7 times in 8 ({@code -Dspaceport.refused.seconds=N} runs
 * longer). The race needs the refusing thread to be descheduled at the wrong moment: where no
 * read loop ever had to wait for another (a machine with cores to spare), the shape did not arise
 * and the test is skipped rather than passed. HTTP only, so it runs on SQLite alone.
 */
class RefusedRequestConnectionTest {

  static final int DEFAULT_SECONDS = 30;
  private static final int CLIENTS = 8;

  @Test
  void aRequestJettyRefusesNeverGetsAnotherConnectionsRequestHandledTwice() throws Exception {
    Assumptions.assumeFalse(TestServer.onPostgres(), "the HTTP layer is the same on PostgreSQL");
    long seconds = Long.getLong("spaceport.refused.seconds", DEFAULT_SECONDS);
    ConcurrentLinkedQueue<String> released = new ConcurrentLinkedQueue<>();
    AppenderBase<ILoggingEvent> watch = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent e) {
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
          if (String.valueOf(t.getMessage()).contains("released")) {
            released.add(e.getThreadName() + ": " + t.getClassName() + ": " + t.getMessage());
          }
        }
      }
    };
    Logger jetty = ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger("org.eclipse.jetty");
    watch.setContext(jetty.getLoggerContext());
    watch.start();
    jetty.addAppender(watch);
    long waitsBefore = SerialHttpConnectionFactory.waits();
    try (TestServer server = TestServer.start()) {
      AtomicLong rounds = new AtomicLong();
      AtomicLong ids = new AtomicLong();
      ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        Thread client = new Thread(() -> {
          try (KeepAliveHttp http = new KeepAliveHttp(server.baseUrl())) {
            while (System.nanoTime() < deadline && wrong.size() < 20) {
              try {
                round(http, ids, wrong);
                rounds.incrementAndGet();
              } catch (RuntimeException | AssertionError e) {
                errors.add(e.toString());
              }
            }
          }
        }, "refused-request-client-" + t);
        client.start();
        clients.add(client);
      }
      for (Thread client : clients) {
        client.join();
      }
      long waits = SerialHttpConnectionFactory.waits() - waitsBefore;
      String summary = String.format(Locale.ROOT, "%,d rounds in %d s: %d wrong answers, %d "
          + "'already released' buffers, %d client errors; %,d read loops held back", rounds.get(),
          seconds, wrong.size(), released.size(), errors.size(), waits);
      System.out.println("refused requests: " + summary);
      if (!wrong.isEmpty() || !released.isEmpty()) {
        throw new AssertionError(summary + "\n  " + String.join("\n  ", wrong) + "\n  "
            + String.join("\n  ", released));
      }
      if (errors.size() > Math.max(2, rounds.get() / 1000)) {
        throw new AssertionError(summary + "; first errors: "
            + errors.stream().limit(5).toList());
      }
      // The race did not even arise (no read loop had to wait): this run tested nothing.
      Assumptions.assumeTrue(waits > 0, summary + ": no refused connection's read loop was "
          + "re-entered, so the race this test guards against never arose");
    } finally {
      jetty.detachAppender(watch);
      watch.stop();
    }
  }

  /**
   * One round on the client's connection: a good request, then one Jetty refuses itself before
   * routing (which closes the connection), then a request with a body and another on a fresh
   * connection, kept for the next round's first request.
   */
  private static void round(KeepAliveHttp http, AtomicLong ids,
      ConcurrentLinkedQueue<String> wrong) {
    expectOwnId(http, "GET", "/healthz", null, ids, wrong);
    Exchange refused = http.send("PATCH", "/v2/spaces/x".getBytes(StandardCharsets.US_ASCII),
        List.of("Content-Length: abc", "X-Request-Id: refused"),
        "{\"name\":\"x\"}".getBytes(StandardCharsets.US_ASCII));
    if (refused.status() != 400 || !refused.closed()) {
      throw new AssertionError("a malformed Content-Length answered " + refused.status()
          + (refused.closed() ? "" : ", connection kept"));
    }
    if (expectOwnId(http, "POST", "/v2/spaces", "{\"name\": 17}", ids, wrong)) {
      expectOwnId(http, "GET", "/healthz", null, ids, wrong);
    }
  }

  /** Sends a request with a fresh X-Request-Id; false (and noted) when the answer is another's. */
  private static boolean expectOwnId(KeepAliveHttp http, String method, String path, String body,
      AtomicLong ids, ConcurrentLinkedQueue<String> wrong) {
    String id = "r-" + ids.incrementAndGet();
    List<String> headers = body == null ? List.of("X-Request-Id: " + id)
        : List.of("X-Request-Id: " + id, "Authorization: Bearer " + TestServer.ADMIN_KEY,
            "Content-Type: application/json");
    Exchange answer = http.send(method, path.getBytes(StandardCharsets.US_ASCII), headers,
        body == null ? null : body.getBytes(StandardCharsets.US_ASCII));
    String answered = answer.header("X-Request-Id");
    if (!id.equals(answered)) {
      wrong.add(method + " " + id + " answered " + answer.status() + " for " + answered);
      return false;
    }
    return true;
  }
}
