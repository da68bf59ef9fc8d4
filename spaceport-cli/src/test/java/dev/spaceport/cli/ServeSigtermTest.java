package dev.spaceport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGTERM to a real {@code spaceport serve} under write load: the shutdown hook runs the
 * graceful close, so requests the server had started are answered in full, every acknowledged
 * write is in the store afterwards, and nothing was stored that a client was not told about.
 * (GracefulShutdownTest covers {@code SpaceportServer.close()} itself in more detail; this covers
 * the signal path that production takes.)
 */
class ServeSigtermTest {

  private static final Pattern LISTENING =
      Pattern.compile("Spaceport listening on http://127\\.0\\.0\\.1:(\\d+) ");

  @TempDir
  Path home;

  /** One POST on its own connection, timed on this JVM's clock. */
  record Outcome(String name, boolean answered, int status, String body, long startNanos,
      long endNanos) {}

  static Outcome post(int port, String name, String org) {
    String body = "{\"name\":\"" + name + "\",\"organization_id\":\"" + org + "\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v2/spaces HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + TestServer.ADMIN_KEY + "\r\nConnection: close\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(raw);
      String text = raw.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      if (text.length() < 12 || split < 0) {
        return new Outcome(name, false, 0, text, start, System.nanoTime());
      }
      return new Outcome(name, true, Integer.parseInt(text.substring(9, 12)),
          text.substring(split + 4), start, System.nanoTime());
    } catch (IOException e) {
      // Refused or reset: the server never took the request.
      return new Outcome(name, false, 0, e.toString(), start, System.nanoTime());
    }
  }

  @Test
  void sigtermUnderLoadAnswersRequestsInFlightAndLosesNothing() throws Exception {
    Path dataDir = home.resolve("data");
    List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    long signalled;
    String org;
    String logText;
    try (Subprocess serve = Subprocess.start(Subprocess.javaCommand(List.of("-Xmx256m"),
        List.of("serve", "--port", "0", "--data-dir", dataDir.toString(), "--admin-api-key",
            TestServer.ADMIN_KEY, "--rate-limit", "0", "--max-concurrent-requests-per-key", "0",
            "--shutdown-timeout", "20s", "--log-format", "json")),
        Map.of("SPACEPORT_HOME", home.toString()))) {
      serve.awaitOutput("Other spaceport commands on this machine", Duration.ofSeconds(90));
      Matcher m = LISTENING.matcher(serve.output());
      assertThat(m.find()).as(serve.output()).isTrue();
      int port = Integer.parseInt(m.group(1));
      org = new Fixtures(new Api("http://127.0.0.1:" + port, TestServer.ADMIN_KEY))
          .organization();

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger names = new AtomicInteger();
      ExecutorService load = Executors.newFixedThreadPool(8);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        workers.add(load.submit(() -> {
          while (!stop.get()) {
            Outcome o = post(port, "term-" + names.incrementAndGet(), org);
            outcomes.add(o);
            if (!o.answered() || o.status() == 503) {
              return; // the server has stopped taking requests
            }
          }
        }));
      }
      long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acknowledged(outcomes) < 30 && System.nanoTime() < warm) {
        Thread.sleep(20);
      }
      signalled = System.nanoTime();
      int exit = serve.terminate(Duration.ofSeconds(60)); // SIGTERM; wait for the process to end
      stop.set(true);
      for (Future<?> w : workers) {
        w.get(60, TimeUnit.SECONDS);
      }
      load.shutdown();
      assertThat(exit).as(serve.output()).isEqualTo(128 + 15);
      logText = serve.output();
    }

    List<Outcome> all = List.copyOf(outcomes);
    assertThat(acknowledged(all)).as("writes acknowledged before the signal")
        .isGreaterThanOrEqualTo(30);
    // Requests sent before the signal and answered after it were in flight when it came: they
    // were answered in full, with a success.
    List<Outcome> straddling = all.stream().filter(o -> o.startNanos() < signalled
        && o.endNanos() > signalled && o.answered()).toList();
    assertThat(straddling).as("requests in flight at the signal").isNotEmpty()
        .allSatisfy(o -> assertThat(o.status()).as(o.body()).isIn(201, 503));
    assertThat(straddling).anySatisfy(o -> assertThat(o.status()).isEqualTo(201));
    // Every answer is a success or a 503 refusal before any work (never a 500, never cut off).
    assertThat(all).filteredOn(Outcome::answered)
        .allSatisfy(o -> assertThat(o.status()).as(o.body()).isIn(201, 503));

    List<String> stored = storedSpaceNames(dataDir, org);
    List<String> acknowledged = all.stream().filter(o -> o.answered() && o.status() == 201)
        .map(Outcome::name).toList();
    assertThat(stored).as("exactly the acknowledged writes are stored")
        .containsExactlyInAnyOrderElementsOf(acknowledged);
    // The hook took the graceful path (readiness off, requests drained, store closed), and the
    // requests that finished during the shutdown were logged like any other.
    assertThat(logText).contains("\"message\":\"shutting down: not ready; finishing requests "
        + "in flight (up to 20000 ms)\"").contains("\"message\":\"stopped\"");
    assertThat(logText.indexOf("shutting down")).isLessThan(logText.indexOf("\"stopped\""));
    assertThat(logText.lines().filter(l -> l.contains("\"route\":\"/v2/spaces\"")
        && l.contains("\"status\":201"))).hasSize(acknowledged.size());
    // So were the requests refused with a 503 because they came as the listener closed.
    assertThat(logText.lines().filter(l -> l.contains("\"logger_name\":\"spaceport.access\"")
        && l.contains("\"status\":503"))).hasSize((int) all.stream()
        .filter(o -> o.answered() && o.status() == 503).count());
  }

  static long acknowledged(List<Outcome> outcomes) {
    synchronized (outcomes) {
      return outcomes.stream().filter(o -> o.answered() && o.status() == 201).count();
    }
  }

  /** Opens the store the process left behind and lists the organization's spaces. */
  static List<String> storedSpaceNames(Path dataDir, String org) {
    List<String> names = new ArrayList<>();
    try (SpaceportServer reopened = SpaceportServer.start(
        ServerConfig.embedded(dataDir, 0, TestServer.ADMIN_KEY))) {
      Api api = new Api("http://127.0.0.1:" + reopened.port(), TestServer.ADMIN_KEY);
      String cursor = null;
      do {
        JsonNode page = api.get("/v2/spaces?limit=100&org_id=" + Api.seg(org)
            + (cursor == null ? "" : "&cursor=" + Api.seg(cursor))).expect(200).json();
        page.get("spaces").forEach(s -> names.add(s.get("name").asText()));
        JsonNode next = page.get("pagination").get("next_cursor");
        cursor = next == null ? null : next.asText();
      } while (cursor != null);
    }
    return names;
  }
}
