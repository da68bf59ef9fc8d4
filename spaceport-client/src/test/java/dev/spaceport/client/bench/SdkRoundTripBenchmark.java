package dev.spaceport.client.bench;

import dev.spaceport.api.Space;
import dev.spaceport.client.SpaceportClient;
import dev.spaceport.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * SDK round trips on loopback: latency of {@code spaces().get(id)} over one keep-alive connection,
 * beside a raw {@code HttpClient} GET of the same URL made in the same run (interleaved in blocks,
 * so machine noise hits both alike). Not a test: run it with {@code bench/sdk-roundtrip.sh}.
 */
public final class SdkRoundTripBenchmark {

  private static final int WARMUP = 5_000;
  private static final int BLOCK = 500;

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    try (TestServer server = TestServer.start();
        SpaceportClient sdk = SpaceportClient.builder().baseUri(server.baseUrl())
            .apiKey(TestServer.ADMIN_KEY).build()) {
      String org = server.fixtures().organization("bench");
      Space space = sdk.spaces().create("bench-space", org);
      HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest rawGet = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v2/spaces/"
              + URLEncoder.encode(space.id(), StandardCharsets.UTF_8)))
          .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
          .timeout(Duration.ofSeconds(10)).build();

      for (int i = 0; i < WARMUP; i++) {
        sdk.spaces().get(space.id());
        raw.send(rawGet, HttpResponse.BodyHandlers.ofByteArray());
      }
      long[] sdkNanos = new long[iterations];
      long[] rawNanos = new long[iterations];
      for (int done = 0; done < iterations; done += BLOCK) {
        int end = Math.min(iterations, done + BLOCK);
        for (int i = done; i < end; i++) {
          long t0 = System.nanoTime();
          sdk.spaces().get(space.id());
          sdkNanos[i] = System.nanoTime() - t0;
        }
        for (int i = done; i < end; i++) {
          long t0 = System.nanoTime();
          HttpResponse<byte[]> r = raw.send(rawGet, HttpResponse.BodyHandlers.ofByteArray());
          rawNanos[i] = System.nanoTime() - t0;
          if (r.statusCode() != 200) {
            throw new IllegalStateException("raw GET answered " + r.statusCode());
          }
        }
      }
      report(iterations, sdkNanos, rawNanos);
    }
  }

  private static void report(int n, long[] sdk, long[] raw) {
    Arrays.sort(sdk);
    Arrays.sort(raw);
    System.out.printf(Locale.ROOT, "SDK get round trip on loopback, one connection, %d calls each, "
        + "interleaved in blocks of %d (µs)%n%n", n, BLOCK);
    System.out.println("| client | p50 | p90 | p99 | p99.9 |");
    System.out.println("|---|---|---|---|---|");
    row("SpaceportClient.spaces().get", sdk);
    row("raw java.net.http GET (no JSON parsing)", raw);
    System.out.printf(Locale.ROOT, "%nSDK / raw at p50: %.2f×, at p99: %.2f×%n",
        (double) pct(sdk, 50) / pct(raw, 50), (double) pct(sdk, 99) / pct(raw, 99));
  }

  private static void row(String name, long[] sorted) {
    System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", name,
        pct(sorted, 50) / 1e3, pct(sorted, 90) / 1e3, pct(sorted, 99) / 1e3,
        pct(sorted, 99.9) / 1e3);
  }

  private static long pct(long[] sorted, double p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
