package dev.spaceport.client;

import dev.spaceport.client.internal.SocketHttpTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SDK's default transport with a counter in front: every request the SDK hands to the
 * transport (every attempt, retries included) is recorded before it is sent.
 */
final class CountingTransport implements HttpTransport {

  private final HttpTransport delegate;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  CountingTransport() {
    this(new SocketHttpTransport(Duration.ofSeconds(5)));
  }

  CountingTransport(HttpTransport delegate) {
    this.delegate = delegate;
  }

  @Override
  public Response send(Request request) throws IOException, InterruptedException {
    requests.add(request);
    return delegate.send(request);
  }

  int count() {
    return requests.size();
  }

  /** Requests with this method whose path (without the query) is exactly {@code path}. */
  long count(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.uri().getRawPath().equals(path))
        .count();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  void reset() {
    requests.clear();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
