package dev.spaceport.cli;

import dev.spaceport.client.HttpTransport;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, one connection per exchange, for {@code http://} servers.
 *
 * <p>Why not {@code java.net.http.HttpClient}: building one initialises the JDK's default TLS
 * context (cipher suites, the CA certificates file, ~450 classes) even for plain HTTP, which
 * roughly doubled the start-up time of {@code spaceport spaces list} against a local server.
 * {@code HttpURLConnection} can't send PATCH. The subset of HTTP a CLI needs to talk to one API is
 * small: a request with a Content-Length body, a response framed by Content-Length, chunked
 * encoding or end of stream. {@code https://} still goes through {@code HttpClient}.
 */
final class PlainHttp {

  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private PlainHttp() {}

  static HttpTransport.Response send(HttpTransport.Request request, Duration connectTimeout)
      throws IOException {
    URI uri = request.uri();
    String host = uri.getHost();
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String hostHeader = (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
        + (uri.getPort() == -1 ? "" : ":" + port);
    String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String unbracketed = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(unbracketed, port),
          (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
      Duration timeout = request.timeout() == null ? Duration.ofSeconds(30) : request.timeout();
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));

      StringBuilder head = new StringBuilder();
      head.append(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(hostHeader).append("\r\n");
      head.append("Connection: close\r\n");
      for (Map.Entry<String, String> h : request.headers().entrySet()) {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      byte[] body = request.body();
      if (body != null || !request.method().equals("GET") && !request.method().equals("DELETE")) {
        head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()), request.method());
    }
  }

  private static HttpTransport.Response read(InputStream in, String method) throws IOException {
    String statusLine = line(in);
    int status;
    try {
      String[] parts = statusLine.split(" ", 3);
      if (!parts[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP response: " + statusLine);
      }
      status = Integer.parseInt(parts[1]);
    } catch (RuntimeException e) {
      throw new IOException("malformed HTTP status line: " + statusLine, e);
    }
    Map<String, List<String>> headers = new TreeMap<>();
    int total = statusLine.length();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      total += line.length();
      if (total > MAX_HEADER_BYTES) {
        throw new IOException("response headers too large");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
      }
    }
    byte[] body;
    if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if (first(headers, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunked(in);
    } else if (!first(headers, "content-length").isEmpty()) {
      long length;
      try {
        length = Long.parseLong(first(headers, "content-length"));
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length", e);
      }
      body = exactly(in, length);
    } else {
      body = in.readAllBytes();
    }
    return new HttpTransport.Response(status, headers, body);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      int semicolon = sizeLine.indexOf(';');
      long size;
      try {
        size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine)
            .strip(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + sizeLine, e);
      }
      if (size == 0) {
        for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
          // trailers are ignored
        }
        return body.toByteArray();
      }
      body.write(exactly(in, size));
      line(in); // CRLF after the chunk
    }
  }

  private static byte[] exactly(InputStream in, long length) throws IOException {
    if (length < 0 || length > 256L * 1024 * 1024) {
      throw new IOException("unreasonable body length " + length);
    }
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length != length) {
      throw new EOFException("connection closed after " + bytes.length + " of " + length
          + " body bytes");
    }
    return bytes;
  }

  /** One line without its CRLF (or LF); ISO-8859-1 as HTTP/1.1 heads are. */
  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b == -1) {
        if (s.length() == 0) {
          throw new EOFException("connection closed before the response was complete");
        }
        return s.toString();
      }
      if (b == '\n') {
        int end = s.length();
        if (end > 0 && s.charAt(end - 1) == '\r') {
          s.setLength(end - 1);
        }
        return s.toString();
      }
      if (s.length() > MAX_HEADER_BYTES) {
        throw new IOException("response line too long");
      }
      s.append((char) b);
    }
  }
}
