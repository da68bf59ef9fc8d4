package dev.spaceport.bench;

import dev.spaceport.client.HttpTransport;
import dev.spaceport.client.SpaceportClient;
import dev.spaceport.client.internal.SocketHttpTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * What an SDK user feels, measured from this process against the server process: the latency of
 * {@code spaces().get(id)} on one keep-alive connection, beside the same GET sent as raw bytes to
 * the server and to the bare-Jetty reference (interleaved in blocks, so noise hits all three
 * alike); and how many HTTP requests resolving a space name costs.
 */
final class SdkRoundTrip {

  /** Latencies in microseconds; {@code resolveRequests}: requests one name resolution made. */
  record Result(Histogram sdk, Histogram raw, Histogram reference, int resolveRequests,
      long substringMatches) {}

  private static final int BLOCK = 500;

  private SdkRoundTrip() {}

  /**
   * @param spaceId a space to get
   * @param commonName an exact space name that is a substring of {@code substringMatches} others
   */
  static Result measure(int serverPort, int referencePort, String apiKey, String spaceId,
      String commonName, long substringMatches, int iterations) throws Exception {
    CountingTransport counting = new CountingTransport(
        new SocketHttpTransport(Duration.ofSeconds(5))); // the SDK's default
    Histogram sdkMicros = new Histogram(3);
    Histogram rawMicros = new Histogram(3);
    Histogram referenceMicros = new Histogram(3);
    byte[] rawGet = RawHttpConnection.request("GET", "/v2/spaces/"
        + java.net.URLEncoder.encode(spaceId, java.nio.charset.StandardCharsets.UTF_8), apiKey,
        null);
    byte[] referenceGet = RawHttpConnection.request("GET", "/v2/spaces/x", null, null);
    try (SpaceportClient sdk = SpaceportClient.builder().baseUri("http://127.0.0.1:" + serverPort)
            .apiKey(apiKey).transport(counting).build();
        RawHttpConnection raw = new RawHttpConnection(serverPort);
        RawHttpConnection reference = new RawHttpConnection(referencePort)) {
      for (int i = 0; i < iterations / 2; i++) { // warm-up: JIT on both sides
        sdk.spaces().get(spaceId);
        raw.exchange(rawGet);
        reference.exchange(referenceGet);
      }
      for (int done = 0; done < iterations; done += BLOCK) {
        for (int i = 0; i < BLOCK; i++) {
          long t0 = System.nanoTime();
          sdk.spaces().get(spaceId);
          sdkMicros.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
        }
        time(raw, rawGet, rawMicros);
        time(reference, referenceGet, referenceMicros);
      }
      int before = counting.requests.get();
      sdk.spaces().resolveId(commonName);
      int resolveRequests = counting.requests.get() - before;
      return new Result(sdkMicros, rawMicros, referenceMicros, resolveRequests, substringMatches);
    }
  }

  private static void time(RawHttpConnection connection, byte[] request, Histogram into)
      throws IOException {
    for (int i = 0; i < BLOCK; i++) {
      long t0 = System.nanoTime();
      int status = connection.exchange(request);
      into.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
      if (status != 200) {
        throw new IOException("GET answered " + status);
      }
    }
  }

  /** Counts the HTTP exchanges the SDK makes. */
  private static final class CountingTransport implements HttpTransport {
    final AtomicInteger requests = new AtomicInteger();
    private final HttpTransport delegate;

    CountingTransport(HttpTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
      requests.incrementAndGet();
      return delegate.send(request);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
