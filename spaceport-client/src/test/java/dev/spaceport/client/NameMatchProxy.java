package dev.spaceport.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * An HTTP proxy in front of the real server that plays a server without {@code name_match}:
 * {@link Mode#IGNORE} takes the parameter out of every request and {@code Spaceport-Name-Match} out
 * of every response (as Arize's API, or a Spaceport from before the parameter, would answer);
 * {@link Mode#REFUSE} answers any request carrying it with a 400 Problem naming it (a server that
 * rejects unknown parameters) and relays the rest. Every other byte is relayed. It records the
 * request target of everything it receives, so tests count requests where the server sees them.
 */
final class NameMatchProxy implements AutoCloseable {

  enum Mode { IGNORE, REFUSE }

  private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host",
      "transfer-encoding", "keep-alive", "upgrade", "expect", "date");

  private final Mode mode;
  private final String upstream;
  private final HttpServer server;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "name-match-proxy");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .build();
  private final List<String> received = new CopyOnWriteArrayList<>();

  NameMatchProxy(Mode mode, String upstreamBaseUrl) throws IOException {
    this.mode = mode;
    this.upstream = upstreamBaseUrl;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(workers);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** "METHOD /path?query" of every request received, in order. */
  List<String> received() {
    return List.copyOf(received);
  }

  /** Received requests whose path (without the query) is {@code path}. */
  List<String> received(String method, String path) {
    return received.stream().filter(r -> r.equals(method + " " + path)
        || r.startsWith(method + " " + path + "?")).toList();
  }

  void reset() {
    received.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      received.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
      boolean carries = query != null && Arrays.stream(query.split("&"))
          .anyMatch(p -> p.startsWith("name_match=") || p.equals("name_match"));
      if (carries && mode == Mode.REFUSE) {
        byte[] problem = ("{\"title\":\"Bad Request\",\"status\":400,\"detail\":"
            + "\"unknown query parameter 'name_match'\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(400, problem.length);
        exchange.getResponseBody().write(problem);
        return;
      }
      if (carries) {
        query = Arrays.stream(query.split("&"))
            .filter(p -> !p.startsWith("name_match=") && !p.equals("name_match"))
            .collect(Collectors.joining("&"));
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + path
          + (query == null || query.isEmpty() ? "" : "?" + query)))
          .method(exchange.getRequestMethod(), body.length == 0
              ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> request.header(name, v));
        }
      });
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      response.headers().map().forEach((name, values) -> {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!HOP_HEADERS.contains(lower) && !lower.equals("spaceport-name-match")) {
          values.forEach(v -> exchange.getResponseHeaders().add(name, v));
        }
      });
      byte[] out = response.body();
      exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
