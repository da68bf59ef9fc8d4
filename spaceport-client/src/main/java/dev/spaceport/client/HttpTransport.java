package dev.spaceport.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the SDK sends one HTTP exchange. The default is blocking HTTP/1.1 on JDK sockets, on the
 * calling thread, with a small pool of keep-alive connections per server (so the SDK adds no HTTP
 * library to your classpath); {@code SpaceportClient.Builder.useJdkHttpClient()} selects
 * {@code java.net.http.HttpClient} instead, and you can supply your own to route through something
 * else. Implementations must be thread-safe. Retries, JSON and errors are the SDK's job, not this
 * one's: a transport may re-send a request on its own only if the method is safe (GET, HEAD).
 */
public interface HttpTransport extends AutoCloseable {

  /** Sends the request; throws {@link IOException} when no response arrived. */
  Response send(Request request) throws IOException, InterruptedException;

  @Override
  default void close() {}

  /** One request: method, absolute URI, headers, and a body (null for none). */
  record Request(String method, URI uri, Map<String, String> headers, byte[] body,
      Duration timeout) {}

  /** One response; header names are lower case. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header, by its lower-case name; null when absent. */
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }
}
