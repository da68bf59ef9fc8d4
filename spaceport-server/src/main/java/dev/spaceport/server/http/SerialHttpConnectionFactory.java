package dev.spaceport.server.http;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's HTTP/1.1 connection factory, except that no two threads ever run one connection's
 * {@code onFillable()} (its read, parse and dispatch loop) at once.
 *
 * <p>Why: when Jetty refuses a request itself while parsing its headers (a malformed
 * {@code Content-Length}, for instance), it writes the 400 from inside the parse, often on the
 * parsing thread. Completing that answer re-dispatches {@code onFillable()} on another thread
 * ({@code HttpStreamOverHTTP1.succeeded()} → {@code resume()}: no request was "handling", so it
 * thinks the loop has ended) while the first thread is still in {@code onFillable()}, about to
 * release the connection's pooled request buffer. The second thread can pick up that same buffer
 * before the first clears the field, and go on filling into it and releasing it after it is back
 * in the pool and in use by another connection: the other connection's bytes move under it (a
 * request on a fresh connection is parsed and handled twice, or answered with a stranger's 400),
 * and Jetty logs {@code IllegalStateException: already released} from
 * {@code HttpConnection.onFillable}. Jetty 12.1.12 to 12.1.14 all have it.
 *
 * <p>Holding a per-connection lock around {@code onFillable()} makes the second run wait until the
 * first has returned (and released and cleared the buffer); it then finds no buffer, takes its
 * own, sees the closed connection and ends. The lock is reentrant (Jetty runs {@code onFillable()}
 * inline when the executor rejects a task) and is normally uncontended: a connection's next
 * {@code onFillable()} is only dispatched once the previous one has left its loop.
 */
public final class SerialHttpConnectionFactory extends HttpConnectionFactory {

  /** How often a second thread had to wait for another's {@code onFillable()} (for tests). */
  private static final LongAdder WAITS = new LongAdder();

  public SerialHttpConnectionFactory(HttpConfiguration config) {
    super(config);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    // As HttpConnectionFactory.newConnection, with the serialised connection.
    HttpConnection connection = new SerialHttpConnection(getHttpConfiguration(), connector,
        endPoint);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  /** How many times, in this JVM, an {@code onFillable()} waited for another to return. */
  static long waits() {
    return WAITS.sum();
  }

  private static final class SerialHttpConnection extends HttpConnection {
    private final ReentrantLock filling = new ReentrantLock();

    SerialHttpConnection(HttpConfiguration config, Connector connector, EndPoint endPoint) {
      super(config, connector, endPoint);
    }

    @Override
    public void onFillable() {
      if (!filling.tryLock()) {
        WAITS.increment();
        filling.lock();
      }
      try {
        super.onFillable();
      } finally {
        filling.unlock();
      }
    }
  }
}
