package dev.spaceport.server.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.spaceport.server.testing.TestServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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
      int port = server.port();
      AtomicLong rounds = new AtomicLong();
      AtomicLong ids = new AtomicLong();
      ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        Thread client = new Thread(() -> {
          while (System.nanoTime() < deadline && wrong.size() < 20) {
            try {
              round(port, ids, wrong);
              rounds.incrementAndGet();
            } catch (IOException | RuntimeException | AssertionError e) {
              errors.add(e.toString());
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

  private static void round(int port, AtomicLong ids, ConcurrentLinkedQueue<String> wrong)
      throws IOException {
    // A kept-alive connection: a good request, then one Jetty refuses itself before routing.
    try (Socket s = open(port)) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      String id0 = "r-" + ids.incrementAndGet();
      write(out, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: " + id0 + "\r\n\r\n");
      Answer a0 = read(in);
      if (!id0.equals(a0.id)) {
        wrong.add("GET " + id0 + " answered " + a0.status + " for " + a0.id);
      }
      write(out, "PATCH /v2/spaces/x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n"
          + "Content-Length: 12\r\nX-Request-Id: refused\r\n\r\n{\"name\":\"x\"}");
      Answer refused = read(in);
      if (refused.status != 400) {
        throw new AssertionError("a malformed Content-Length answered " + refused.status);
      }
    }
    // A fresh connection: a request with a body (read while the buffer is held), then another.
    try (Socket s = open(port)) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      String id1 = "r-" + ids.incrementAndGet();
      String body = "{\"name\": 17}";
      write(out, "POST /v2/spaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
          + TestServer.ADMIN_KEY + "\r\nContent-Type: application/json\r\nX-Request-Id: " + id1
          + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
      Answer a1 = read(in);
      if (!id1.equals(a1.id)) {
        wrong.add("POST " + id1 + " answered " + a1.status + " for " + a1.id);
        return;
      }
      String id2 = "r-" + ids.incrementAndGet();
      write(out, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: " + id2 + "\r\n\r\n");
      Answer a2 = read(in);
      if (!id2.equals(a2.id)) {
        wrong.add("GET " + id2 + " (after POST " + id1 + ") answered " + a2.status + " for "
            + a2.id);
      }
    }
  }

  private static Socket open(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setTcpNoDelay(true);
    s.setSoTimeout(10_000);
    return s;
  }

  private static void write(OutputStream out, String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private record Answer(int status, String id) {}

  private static Answer read(InputStream in) throws IOException {
    String status = line(in);
    int code = Integer.parseInt(status.substring(9, 12));
    String id = null;
    long length = -1;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-request-id:")) {
        id = h.substring(13).trim();
      } else if (lower.startsWith("content-length:")) {
        length = Long.parseLong(h.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      for (int size = -1; size != 0; ) {
        size = Integer.parseInt(line(in).trim(), 16);
        in.readNBytes(size);
        line(in);
      }
    } else if (length > 0) {
      in.readNBytes((int) length);
    }
    return new Answer(code, id);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-answer");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
