package dev.spaceport.client.internal;

import dev.spaceport.client.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes one HTTP/1.1 request as bytes: request line, {@code Host}, the caller's headers,
 * {@code Content-Length} when there is a body (or the method expects one), and the body, all in
 * one array so it leaves in one write.
 */
final class RequestEncoder {

  /** Headers the transport owns (framing and connection management), as the JDK's client does. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect",
      "host", "transfer-encoding", "upgrade");
  private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

  private RequestEncoder() {}

  /**
   * The request's bytes.
   *
   * @throws IllegalArgumentException for a method or header that can't be sent as given
   */
  static byte[] encode(HttpTransport.Request request, Route route) {
    String method = request.method();
    if (method == null || method.isEmpty() || !isToken(method)) {
      throw new IllegalArgumentException("invalid HTTP method: " + method);
    }
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(target(request.uri())).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(route.hostHeader()).append("\r\n");
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      String name = header.getKey();
      String value = header.getValue();
      if (name == null || name.isEmpty() || !isToken(name)) {
        throw new IllegalArgumentException("invalid header name: " + name);
      }
      if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("restricted header name: " + name);
      }
      if (value == null || !isFieldValue(value)) {
        throw new IllegalArgumentException("invalid value for header " + name);
      }
      head.append(name).append(": ").append(value).append("\r\n");
    }
    byte[] body = request.body();
    if (body != null || METHODS_WITH_BODY.contains(method)) {
      head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body == null || body.length == 0) {
      return headBytes;
    }
    byte[] message = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, message, 0, headBytes.length);
    System.arraycopy(body, 0, message, headBytes.length, body.length);
    return message;
  }

  /** Origin form: the raw (still percent-encoded) path and query; non-ASCII gets encoded. */
  static String target(URI uri) {
    String target = originForm(uri);
    for (int i = 0; i < target.length(); i++) {
      if (target.charAt(i) > 0x7e || target.charAt(i) <= 0x20) {
        return originForm(URI.create(uri.toASCIIString()));
      }
    }
    return target;
  }

  private static String originForm(URI uri) {
    String path = uri.getRawPath();
    String query = uri.getRawQuery();
    return (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query);
  }

  /** RFC 9110 token: what method and header names are made of. */
  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A field value: visible ISO-8859-1 text, spaces and tabs; no CR, LF or other controls. */
  private static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\t' && (c < 0x20 || c == 0x7f || c > 0xff)) {
        return false;
      }
    }
    return true;
  }
}
