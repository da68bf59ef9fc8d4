package dev.spaceport.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on raw sockets for testing the transport's framing and connection handling:
 * every response is written byte for byte by the test's handler, which also decides whether the
 * connection stays open. Counts accepted connections and records every request.
 */
final class TinyHttpServer implements AutoCloseable {

  /** One request as received; header names in lower case. */
  record Received(int connection, int indexOnConnection, String method, String target,
      Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Answers one request by writing to {@code out}; returns false to close the connection. */
  interface Handler {
    boolean handle(Received request, OutputStream out, Socket socket) throws Exception;
  }

  private final ServerSocket socket;
  private final Handler handler;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tiny-http-server");
    t.setDaemon(true);
    return t;
  });

  TinyHttpServer(Handler handler) throws IOException {
    this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
  }

  /** On a given (e.g. TLS) server socket. */
  TinyHttpServer(ServerSocket socket, Handler handler) {
    this.socket = socket;
    this.handler = handler;
    workers.submit(this::acceptLoop);
  }

  /** A response with a Content-Length body and any extra header lines ("Name: value"). */
  static String response(int status, String body, String... headerLines) {
    StringBuilder s = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
    for (String line : headerLines) {
      s.append(line).append("\r\n");
    }
    s.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length)
        .append("\r\n\r\n").append(body);
    return s.toString();
  }

  static void write(OutputStream out, String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  URI uri(String path) {
    return URI.create((socket instanceof javax.net.ssl.SSLServerSocket ? "https" : "http")
        + "://127.0.0.1:" + socket.getLocalPort() + path);
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Connections that have ended so far (closed by either side). */
  int finished() {
    return finished.get();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        int index = accepted.incrementAndGet();
        open.add(connection);
        workers.submit(() -> serve(connection, index));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket connection, int index) {
    try (connection) {
      InputStream in = connection.getInputStream();
      OutputStream out = connection.getOutputStream();
      for (int n = 1; ; n++) {
        Received request = read(in, index, n);
        if (request == null) {
          return;
        }
        received.add(request);
        if (!handler.handle(request, out, connection)) {
          return;
        }
      }
    } catch (Exception e) {
      // the client went away, or the test closed us
    } finally {
      open.remove(connection);
      finished.incrementAndGet();
    }
  }

  /** Reads one request (head and Content-Length body); null on EOF before the first byte. */
  private static Received read(InputStream in, int connection, int index) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Received(connection, index, requestLine[0], requestLine[1], headers,
        in.readNBytes(length));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : Set.copyOf(open)) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    workers.shutdownNow();
  }
}
