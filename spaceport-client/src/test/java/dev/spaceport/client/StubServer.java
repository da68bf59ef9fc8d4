package dev.spaceport.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP/1.1 server on a raw socket, used ONLY to inject faults the real server never
 * produces on demand (429s, 5xx storms, dropped connections). Each connection carries exactly one
 * request: the stub answers with {@code Connection: close} or drops the connection, so the number
 * of requests it records is exactly the number of attempts the SDK made.
 */
final class StubServer implements AutoCloseable {

  /** One request as the stub received it; header names in lower case. */
  record Received(String method, String target, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** What to do with one request. */
  sealed interface Action permits Respond, Drop {}

  record Respond(int status, Map<String, String> headers, String body) implements Action {}

  /** Close the connection after reading the request, without a single response byte. */
  record Drop() implements Action {}

  static Respond respond(int status, String... headerPairs) {
    return respondWithBody(status, problemBody(status), headerPairs);
  }

  static Respond respondWithBody(int status, String body, String... headerPairs) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    if (body != null && !headers.containsKey("Content-Type")) {
      headers.put("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
    }
    return new Respond(status, headers, body);
  }

  static Drop drop() {
    return new Drop();
  }

  static String problemBody(int status) {
    return status < 400 ? null : "{\"title\":\"" + reason(status) + "\",\"status\":" + status
        + ",\"detail\":\"stubbed " + status + "\"}";
  }

  private final ServerSocket socket;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "stub-server");
    t.setDaemon(true);
    return t;
  });
  private final Deque<Action> script = new ArrayDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Action fallback;

  /** A stub that runs {@code script} in order, then answers every further request with the last action. */
  StubServer(Action... script) {
    try {
      this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (Action action : script) {
      this.script.add(action);
    }
    this.fallback = script.length == 0 ? respond(500) : script[script.length - 1];
    workers.submit(this::acceptLoop);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private synchronized Action next() {
    Action action = script.poll();
    return action == null ? fallback : action;
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        workers.submit(() -> serve(connection));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      connection.setSoTimeout(10_000);
      Received request = read(connection.getInputStream());
      if (request == null) {
        return;
      }
      received.add(request);
      Action action = next();
      if (action instanceof Respond r) {
        write(connection.getOutputStream(), r);
      }
      // Drop: closing the socket without a response is the fault.
    } catch (IOException e) {
      // the client went away; nothing to do
    }
  }

  private static void write(OutputStream out, Respond r) throws IOException {
    byte[] body = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(r.status()).append(' ')
        .append(reason(r.status())).append("\r\n");
    r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** Reads one request (head and Content-Length body); null if the client sent nothing. */
  static Received read(InputStream in) throws IOException {
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
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Received(requestLine[0], requestLine[1], headers, body);
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    workers.shutdownNow();
  }
}
