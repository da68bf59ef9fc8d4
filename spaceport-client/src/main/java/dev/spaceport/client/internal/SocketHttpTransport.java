package dev.spaceport.client.internal;

import dev.spaceport.client.HttpTransport;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * The default transport: blocking HTTP/1.1 on the calling thread over a small pool of keep-alive
 * sockets per (scheme, host, port). No thread hand-offs, so a call on loopback costs about what
 * the bytes on the socket cost.
 *
 * <p>Re-sending is the SDK's decision ({@code Requester}, with its retry budget, backoff and
 * idempotency keys), with one exception that is invisible by construction: when a connection taken
 * from the pool fails before a single response byte arrived (the server had closed it while it
 * sat idle) and the method is safe (GET, HEAD, OPTIONS, TRACE: it changes nothing on the server),
 * the request is sent once more on a fresh connection. Anything else — a POST, PATCH, PUT or
 * DELETE, a fresh connection, a timeout, a response cut short — surfaces as the
 * {@link IOException} it is.
 */
public final class SocketHttpTransport implements HttpTransport {

  public static final int DEFAULT_MAX_IDLE_PER_ROUTE = 16;
  /** Below common server idle timeouts (Spaceport's: 30 s), so the client usually lets go first. */
  public static final Duration DEFAULT_MAX_IDLE = Duration.ofSeconds(20);

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Duration connectTimeout;
  private final SSLSocketFactory tls;
  private final ConnectionPool pool;

  public SocketHttpTransport(Duration connectTimeout) {
    this(connectTimeout, null, DEFAULT_MAX_IDLE_PER_ROUTE, DEFAULT_MAX_IDLE);
  }

  /**
   * @param tls the factory for https connections; null for the JDK's default (created only when
   *     the first https connection is made)
   */
  public SocketHttpTransport(Duration connectTimeout, SSLSocketFactory tls, int maxIdlePerRoute,
      Duration maxIdle) {
    this.connectTimeout = Objects.requireNonNull(connectTimeout);
    this.tls = tls;
    this.pool = new ConnectionPool(maxIdlePerRoute, maxIdle);
  }

  @Override
  public Response send(Request request) throws IOException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Route route = Route.of(request.uri());
    byte[] bytes = RequestEncoder.encode(request, route);
    try {
      HttpConnection pooled = pool.take(route);
      if (pooled != null) {
        try {
          return exchange(pooled, request, bytes);
        } catch (IOException e) {
          if (pooled.responseStarted() || e instanceof HttpTimeoutException
              || !SAFE_METHODS.contains(request.method())) {
            throw e;
          }
          // stale: the server closed it before answering; once more on a fresh connection
        }
      }
      HttpConnection fresh = HttpConnection.open(route, connectTimeout, route.tls() ? tls() : null);
      return exchange(fresh, request, bytes);
    } catch (IOException e) {
      if (Thread.interrupted()) {
        InterruptedException interrupted = new InterruptedException(
            "interrupted during " + request.method() + " " + request.uri());
        interrupted.initCause(e);
        throw interrupted;
      }
      throw e;
    }
  }

  private Response exchange(HttpConnection connection, Request request, byte[] bytes)
      throws IOException {
    ResponseReader.Result result;
    try {
      result = connection.exchange(bytes, request.method(), request.timeout());
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
    if (result.keepAlive()) {
      pool.release(connection);
    } else {
      connection.close();
    }
    return result.response();
  }

  /** The JDK's default TLS set-up is loaded only for the first https connection. */
  private SSLSocketFactory tls() {
    return tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault();
  }

  /** Connections waiting idle in the pool (for tests). */
  int idleConnections() {
    return pool.idleCount();
  }

  /** Closes the idle connections; the transport still works afterwards, without pooling. */
  @Override
  public void close() {
    pool.close();
  }
}
