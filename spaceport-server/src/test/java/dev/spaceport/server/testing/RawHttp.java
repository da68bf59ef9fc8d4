package dev.spaceport.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a bare socket, for requests {@link java.net.http.HttpClient} refuses to send or
 * can't control: invalid percent-escapes, raw bytes in the target or a header, several requests
 * on one connection. Every response is checked against openapi.yaml exactly as {@link Api} checks
 * its own.
 */
public final class RawHttp {

  private RawHttp() {}

  /**
   * Sends {@code method target HTTP/1.1}, the given header lines (Host, Connection: close and,
   * with a body, Content-Length are added) and {@code body} (null: none); reads the response.
   */
  public static ApiResponse send(String baseUrl, String method, byte[] target, List<String> headers,
      byte[] body) {
    return exchange(baseUrl, method, target, List.of(headers), body).get(0);
  }

  /**
   * Sends the same request once per header set, all on one connection (pipelined, the last one
   * closing it), and returns the responses in order. Jetty keeps per-connection state, such as
   * its cache of header values, that only shows across requests on one connection.
   */
  public static List<ApiResponse> exchange(String baseUrl, String method, byte[] target,
      List<List<String>> headerSets, byte[] body) {
    URI base = URI.create(baseUrl);
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (int i = 0; i < headerSets.size(); i++) {
      requests.writeBytes(request(base, method, target, headerSets.get(i), body,
          i == headerSets.size() - 1));
    }
    String where = method + " " + new String(target, StandardCharsets.ISO_8859_1);
    byte[] raw;
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(requests.toByteArray());
      out.flush();
      raw = socket.getInputStream().readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(where + " failed: " + e, e);
    }
    List<ApiResponse> responses = new ArrayList<>();
    int offset = 0;
    while (offset < raw.length) {
      Parsed parsed = parse(method, new String(target, StandardCharsets.ISO_8859_1), raw, offset);
      responses.add(parsed.response);
      offset = parsed.end;
    }
    if (responses.size() != headerSets.size()) {
      throw new AssertionError(where + ": sent " + headerSets.size() + " requests, got "
          + responses.size() + " responses");
    }
    return responses;
  }

  private static byte[] request(URI base, String method, byte[] target, List<String> headers,
      byte[] body, boolean last) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(method.getBytes(StandardCharsets.US_ASCII));
    request.write(' ');
    request.writeBytes(target);
    request.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    List<String> all = new ArrayList<>(headers);
    all.add("Host: " + base.getHost() + ":" + base.getPort());
    if (last) {
      all.add("Connection: close");
    }
    if (body != null) {
      all.add("Content-Length: " + body.length);
    }
    for (String header : all) {
      // ISO-8859-1, so a test can put any byte value into a header.
      request.writeBytes((header + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    if (body != null) {
      request.writeBytes(body);
    }
    return request.toByteArray();
  }

  /**
   * Parses one complete response read off a socket by a test that talks HTTP itself, and checks
   * it against openapi.yaml exactly as {@link #send} checks its own.
   */
  public static ApiResponse parse(String method, String path, byte[] raw) {
    return parse(method, path, raw, 0).response;
  }

  /**
   * Parses one complete error response that Jetty gave before any route ran (408, 431, …): no
   * operation documents it, but its body must still be a Problem, and is checked to be one.
   */
  public static ApiResponse parseProblem(String where, byte[] raw) {
    ApiResponse response = parse(null, where, raw, 0).response;
    OpenApiContract.get().checkProblem(response.json(), where);
    return response;
  }

  private record Parsed(ApiResponse response, int end) {}

  private static Parsed parse(String method, String path, byte[] raw, int start) {
    int headEnd = indexOf(raw, start, "\r\n\r\n");
    if (headEnd < 0) {
      throw new AssertionError(method + " " + path + ": incomplete response: "
          + new String(raw, start, raw.length - start, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, start, headEnd - start, StandardCharsets.ISO_8859_1)
        .split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    HttpHeaders httpHeaders = HttpHeaders.of(headers, (k, v) -> true);
    int bodyStart = headEnd + 4;
    byte[] bodyBytes;
    int end;
    boolean chunked = httpHeaders.allValues("Transfer-Encoding").stream()
        .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
    if (chunked) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int i = bodyStart;
      while (true) {
        int lineEnd = indexOf(raw, i, "\r\n");
        int size = Integer.parseInt(new String(raw, i, lineEnd - i, StandardCharsets.US_ASCII)
            .split(";")[0].trim(), 16);
        i = lineEnd + 2;
        if (size == 0) {
          end = indexOf(raw, i, "\r\n") + 2; // no trailers expected
          break;
        }
        out.write(raw, i, size);
        i += size + 2;
      }
      bodyBytes = out.toByteArray();
    } else if (httpHeaders.firstValue("Content-Length").isPresent()) {
      end = bodyStart + Integer.parseInt(httpHeaders.firstValue("Content-Length").get());
      bodyBytes = Arrays.copyOfRange(raw, bodyStart, end);
    } else {
      end = raw.length; // delimited by the connection closing
      bodyBytes = Arrays.copyOfRange(raw, bodyStart, end);
    }
    String body = new String(bodyBytes, StandardCharsets.UTF_8);
    String contentType = httpHeaders.firstValue("Content-Type").orElse(null);
    JsonNode json = null;
    if (contentType != null && contentType.contains("json") && !body.isEmpty()) {
      try {
        json = Api.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError(method + " " + path + " returned invalid JSON: " + body, e);
      }
    }
    if (method != null) { // null: a Problem from before routing, checked by parseProblem
      OpenApiContract.get().check(method, path, status, contentType, body, json);
    }
    return new Parsed(new ApiResponse(method, path, status, httpHeaders, body, json), end);
  }

  private static int indexOf(byte[] bytes, int from, String ascii) {
    byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = from; i + needle.length <= bytes.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
