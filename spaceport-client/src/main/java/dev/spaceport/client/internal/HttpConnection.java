package dev.spaceport.client.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection (plain, or TLS layered on it), used by one thread at a time: it writes a
 * request and reads the whole response on the caller's thread. A {@link SocketChannel} underneath
 * lets an idle connection be checked for a close by the server without blocking.
 */
final class HttpConnection implements Closeable {

  private final Route route;
  private final SocketChannel channel;
  private final OutputStream out;
  private final TimedInput in;
  private final ResponseReader reader;
  private final ByteBuffer probe = ByteBuffer.allocate(1);
  private int exchanges;
  private long idleSince;

  private HttpConnection(Route route, SocketChannel channel, Socket socket) throws IOException {
    this.route = route;
    this.channel = channel;
    this.out = socket.getOutputStream();
    this.in = new TimedInput(socket);
    this.reader = new ResponseReader(in);
  }

  /**
   * Connects (and for https, completes the TLS handshake, verifying the certificate against the
   * host name) within {@code connectTimeout}.
   */
  static HttpConnection open(Route route, Duration connectTimeout, SSLSocketFactory tls)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(route.address(), route.port());
    if (address.isUnresolved()) {
      throw new UnknownHostException(route.address());
    }
    int timeout = millis(connectTimeout);
    SocketChannel channel = SocketChannel.open();
    try {
      Socket socket = channel.socket();
      socket.setTcpNoDelay(true);
      try {
        socket.connect(address, timeout);
      } catch (SocketTimeoutException e) {
        throw connectTimedOut(route, connectTimeout, e);
      } catch (ConnectException e) {
        ConnectException named = new ConnectException("cannot connect to " + route + ": "
            + e.getMessage());
        named.initCause(e);
        throw named;
      }
      if (route.tls()) {
        socket = handshake(socket, route, tls, timeout, connectTimeout);
      }
      return new HttpConnection(route, channel, socket);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static Socket handshake(Socket plain, Route route, SSLSocketFactory tls, int timeout,
      Duration connectTimeout) throws IOException {
    SSLSocket socket = (SSLSocket) tls.createSocket(plain, route.address(), route.port(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(timeout);
    try {
      socket.startHandshake();
    } catch (SocketTimeoutException e) {
      throw connectTimedOut(route, connectTimeout, e);
    }
    return socket;
  }

  Route route() {
    return route;
  }

  /** How many exchanges completed on this connection; more than none means it is reused. */
  int exchanges() {
    return exchanges;
  }

  /**
   * Sends {@code request} and reads the whole response, all within {@code timeout} (null: no
   * limit) counted from now.
   */
  ResponseReader.Result exchange(byte[] request, String method, Duration timeout)
      throws IOException {
    in.startClock(timeout);
    reader.begin();
    out.write(request);
    out.flush();
    ResponseReader.Result result = reader.read(method);
    exchanges++;
    return result;
  }

  /** Whether the last exchange failed after the server had begun to answer. */
  boolean responseStarted() {
    return reader.started();
  }

  void idleSince(long nanoTime) {
    idleSince = nanoTime;
  }

  long idleSince() {
    return idleSince;
  }

  /**
   * Whether an idle connection still looks usable: open, not closed by the server (no EOF) and
   * with no unexpected bytes waiting. One non-blocking read; costs microseconds.
   */
  boolean looksAlive() {
    if (!channel.isOpen() || reader.hasBuffered()) {
      return false;
    }
    try {
      channel.configureBlocking(false);
      try {
        probe.clear();
        return channel.read(probe) == 0;
      } finally {
        channel.configureBlocking(true);
      }
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      channel.close(); // closes the TLS socket's transport too; no close_notify needed
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static HttpConnectTimeoutException connectTimedOut(Route route, Duration timeout,
      SocketTimeoutException cause) {
    HttpConnectTimeoutException e = new HttpConnectTimeoutException("connecting to " + route
        + " timed out after " + timeout.toMillis() + " ms");
    e.initCause(cause);
    return e;
  }

  private static int millis(Duration timeout) {
    if (timeout == null) {
      return 0;
    }
    long ms = Math.max(1, timeout.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  /** The socket's input with a deadline for the whole response, set before every read. */
  private static final class TimedInput extends InputStream {
    private final Socket socket;
    private final InputStream raw;
    private Duration timeout;
    private long deadline;

    TimedInput(Socket socket) throws IOException {
      this.socket = socket;
      this.raw = socket.getInputStream();
    }

    void startClock(Duration timeout) {
      this.timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? null : timeout;
      this.deadline = this.timeout == null ? 0 : System.nanoTime() + this.timeout.toNanos();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (timeout != null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw timedOut(null);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(left + 999_999);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ms));
      } else {
        socket.setSoTimeout(0);
      }
      try {
        return raw.read(b, off, len);
      } catch (SocketTimeoutException e) {
        throw timedOut(e);
      }
    }

    private HttpTimeoutException timedOut(SocketTimeoutException cause) {
      HttpTimeoutException e = new HttpTimeoutException("no complete response within "
          + timeout.toMillis() + " ms");
      e.initCause(cause);
      return e;
    }
  }
}
