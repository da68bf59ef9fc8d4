package dev.spaceport.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 on one persistent connection, for tests that send many thousands of requests: no
 * connection per request (as {@link RawHttp}), none of {@link java.net.http.HttpClient}'s
 * machinery, and any bytes at all in the target, the headers and the body. When the server closes
 * the connection (it says so with {@code Connection: close}, or just drops it) the next request
 * opens a new one. Not thread-safe: one per thread.
 *
 * <p>{@link #send} returns the raw exchange; {@link #checked} also parses JSON and checks the
 * response against openapi.yaml, exactly as {@link Api} does.
 */
public final class KeepAliveHttp implements AutoCloseable {

  private final String host;
  private final int port;
  private final byte[] hostHeader;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int connections;
  /** Whether any byte of the current answer has arrived. */
  private boolean received;
  /** How the last {@link #send} went: the connection(s) it used, and why it retried. */
  private String lastRoute = "";

  public KeepAliveHttp(String baseUrl) {
    URI base = URI.create(baseUrl);
    this.host = base.getHost();
    this.port = base.getPort();
    this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** A response as read off the wire. */
  public record Exchange(int status, HttpHeaders headers, byte[] body, boolean closed) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * How the last {@link #send} travelled, for failure reports: the connection it used ("#12
   * kept", "#13 new") and, when a kept connection failed before any answer byte and the request
   * went again on a fresh one, that failure too.
   */
  public String lastRoute() {
    return lastRoute;
  }

  /** How many TCP connections this client has opened so far. */
  public int connections() {
    return connections;
  }

  /**
   * Sends one request; {@code headers} are whole header lines without CRLF, written as
   * ISO-8859-1 so that any byte can be sent; Host and (with a body) Content-Length are added.
   */
  public Exchange send(String method, byte[] target, List<String> headers, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream(256 + (body == null ? 0
        : body.length));
    request.writeBytes(method.getBytes(StandardCharsets.ISO_8859_1));
    request.write(' ');
    request.writeBytes(target);
    request.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(hostHeader);
    for (String header : headers) {
      request.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
      request.write('\r');
      request.write('\n');
    }
    if (body != null) {
      request.writeBytes(("Content-Length: " + body.length + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
    }
    request.write('\r');
    request.write('\n');
    if (body != null) {
      request.writeBytes(body);
    }
    byte[] bytes = request.toByteArray();
    IOException last = null;
    StringBuilder route = new StringBuilder();
    for (int attempt = 0; attempt < 2; attempt++) {
      boolean fresh = socket == null;
      try {
        if (fresh) {
          open();
        }
        route.append("connection #").append(connections).append(fresh ? " new" : " kept");
        lastRoute = route.toString();
        // Before writing: a write that fails on a kept connection has received nothing either.
        received = false;
        out.write(bytes);
        out.flush();
        Exchange response = read(method);
        if (response.closed) {
          closeQuietly();
        }
        return response;
      } catch (IOException e) {
        route.append(" failed").append(received ? " mid-answer" : " before any answer byte")
            .append(" (").append(e).append("); ");
        lastRoute = route.toString();
        last = e;
        closeQuietly();
        if (fresh || received) {
          // A new connection that fails, or an answer cut short, is a real failure; only a kept
          // connection the server had closed before reading the request is worth a second try.
          break;
        }
      }
    }
    throw new AssertionError(method + " " + new String(target, StandardCharsets.ISO_8859_1)
        + " failed: " + last, last);
  }

  /**
   * Reads one more answer from the open connection, without sending anything: for a client that
   * found an answer it did not expect (an extra answer to an earlier request) and wants its own.
   */
  public Exchange readAnother(String method) {
    if (socket == null) {
      throw new AssertionError("no open connection to read another answer from");
    }
    try {
      Exchange response = read(method);
      if (response.closed) {
        closeQuietly();
      }
      return response;
    } catch (IOException e) {
      closeQuietly();
      throw new AssertionError("reading another answer failed: " + e, e);
    }
  }

  /**
   * Sends the request and turns the answer into an {@link ApiResponse} that has passed the
   * openapi.yaml check ({@code path} is the target as text, for the check and for messages).
   */
  public ApiResponse checked(String method, String path, List<String> headers, byte[] body) {
    Exchange e = send(method, path.getBytes(StandardCharsets.ISO_8859_1), headers, body);
    return toApiResponse(method, path, e, true);
  }

  /** The exchange as an {@link ApiResponse}; {@code contract}: check it against openapi.yaml. */
  public static ApiResponse toApiResponse(String method, String path, Exchange e,
      boolean contract) {
    String body = e.text();
    String contentType = e.header("Content-Type");
    JsonNode json = null;
    if (contentType != null && contentType.contains("json") && !body.isEmpty()) {
      try {
        json = Api.JSON.readTree(body);
      } catch (IOException ex) {
        throw new AssertionError(method + " " + path + " returned invalid JSON: " + body, ex);
      }
    }
    if (contract) {
      OpenApiContract.get().check(method, path, e.status(), contentType, body, json);
    }
    return new ApiResponse(method, path, e.status(), e.headers(), body, json);
  }

  private void open() throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
    connections++;
  }

  private Exchange read(String method) throws IOException {
    String statusLine = line();
    while (statusLine.matches("HTTP/1\\.\\d 1\\d\\d.*") && !statusLine.contains(" 101")) {
      // An interim response (100 Continue): skip it and its headers, the answer follows.
      while (!line().isEmpty()) {
        // its headers
      }
      statusLine = line();
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>())
          .add(h.substring(colon + 1).trim());
    }
    HttpHeaders httpHeaders = HttpHeaders.of(headers, (k, v) -> true);
    boolean close = httpHeaders.allValues("Connection").stream()
        .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"));
    byte[] body;
    boolean chunked = httpHeaders.allValues("Transfer-Encoding").stream()
        .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
    if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if (chunked) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(line().split(";")[0].trim(), 16);
        if (size == 0) {
          while (!line().isEmpty()) {
            // trailers: none expected, skipped
          }
          break;
        }
        content.writeBytes(in.readNBytes(size));
        line();
      }
      body = content.toByteArray();
    } else if (httpHeaders.firstValue("Content-Length").isPresent()) {
      int length = Integer.parseInt(httpHeaders.firstValue("Content-Length").get());
      body = in.readNBytes(length);
      if (body.length != length) {
        throw new EOFException("body cut short");
      }
    } else {
      body = in.readAllBytes();
      close = true;
    }
    return new Exchange(status, httpHeaders, body, close);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      received = true;
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1
            : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
  }

  private void closeQuietly() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    socket = null;
    in = null;
    out = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
