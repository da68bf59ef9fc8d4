package dev.spaceport.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of the real server that loses one response: the first connection whose
 * first request line starts with {@code cutPrefix} (e.g. {@code "POST /v2/spaces "}) is relayed to
 * the server, the proxy waits until the server's response head has arrived — proof that the server
 * finished the request and committed — and then closes the client's connection without relaying a
 * single byte of it. Every other connection is relayed untouched in both directions.
 */
final class CuttingProxy implements AutoCloseable {

  /** The first request line and Idempotency-Key of each client connection, in order. */
  record Seen(String requestLine, String idempotencyKey) {}

  private final int upstreamPort;
  private final String cutPrefix;
  private final ServerSocket socket;
  private final AtomicBoolean cutDone = new AtomicBoolean();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<String> swallowedStatusLines = new CopyOnWriteArrayList<>();
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "cutting-proxy");
    t.setDaemon(true);
    return t;
  });

  CuttingProxy(int upstreamPort, String cutPrefix) throws IOException {
    this.upstreamPort = upstreamPort;
    this.cutPrefix = cutPrefix;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    workers.submit(this::acceptLoop);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Status lines of the responses the proxy received from the server and threw away. */
  List<String> swallowedStatusLines() {
    return List.copyOf(swallowedStatusLines);
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        workers.submit(() -> relay(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    Socket upstream = null;
    try {
      open.add(client);
      upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
      open.add(upstream);
      InputStream fromClient = client.getInputStream();
      byte[] head = readHead(fromClient);
      if (head == null) {
        return;
      }
      String headText = new String(head, StandardCharsets.ISO_8859_1);
      String requestLine = headText.substring(0, headText.indexOf("\r\n"));
      seen.add(new Seen(requestLine, header(headText, "idempotency-key")));
      OutputStream toUpstream = upstream.getOutputStream();
      toUpstream.write(head);
      toUpstream.flush();
      if (requestLine.startsWith(cutPrefix) && cutDone.compareAndSet(false, true)) {
        String length = header(headText, "content-length");
        toUpstream.write(fromClient.readNBytes(length == null ? 0 : Integer.parseInt(length)));
        toUpstream.flush();
        byte[] responseHead = readHead(upstream.getInputStream());
        if (responseHead != null) {
          String text = new String(responseHead, StandardCharsets.ISO_8859_1);
          swallowedStatusLines.add(text.substring(0, text.indexOf("\r\n")));
        }
        return; // both sockets close: the client never sees a byte of the response
      }
      Socket up = upstream;
      workers.submit(() -> pump(up, client));
      pump(client, upstream);
    } catch (IOException e) {
      // one side went away
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  /** Copies one direction until either side closes, then closes both. */
  private void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket s) {
    if (s == null) {
      return;
    }
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** Reads up to and including the blank line that ends an HTTP head; null on EOF first. */
  private static byte[] readHead(InputStream in) throws IOException {
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
    return head.toByteArray();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : Set.copyOf(open)) {
      closeQuietly(s);
    }
    workers.shutdownNow();
  }
}
