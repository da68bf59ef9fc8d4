package dev.spaceport.client.internal;

import dev.spaceport.client.HttpTransport;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads HTTP/1.1 responses from one connection's input (RFC 9112): status line, headers (names in
 * lower case, every value kept), and the body framed by {@code Transfer-Encoding: chunked},
 * {@code Content-Length} or the end of the stream; none for HEAD, 1xx, 204 and 304. Interim 1xx
 * responses are skipped. It also decides whether the connection may carry another request.
 */
final class ResponseReader {

  /** One response, and whether its connection may be reused. */
  record Result(HttpTransport.Response response, boolean keepAlive) {}

  static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final byte[] EMPTY = new byte[0];

  private final InputStream in;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int lim;
  private long received;
  private int headBytes;

  ResponseReader(InputStream in) {
    this.in = in;
  }

  /** Starts an exchange: from now on, {@link #started} tells whether the server answered. */
  void begin() {
    received = 0;
  }

  /** Whether bytes arrived since {@link #begin}: then the server has started answering. */
  boolean started() {
    return received > 0;
  }

  /** Bytes read from the connection but not part of any response so far. */
  boolean hasBuffered() {
    return pos < lim;
  }

  /** Reads one whole response to a request with {@code method}. */
  Result read(String method) throws IOException {
    headBytes = 0;
    String version;
    int status;
    Map<String, List<String>> headers;
    do {
      String statusLine = line();
      version = version(statusLine);
      status = status(statusLine);
      headers = headers();
    } while (status >= 100 && status < 200 && status != 101);
    if (status == 101) {
      throw new IOException("unexpected 101 Switching Protocols: no upgrade was asked for");
    }
    boolean keepAlive = persistent(version, headers.get("connection"));
    byte[] body;
    List<String> transferEncoding = headers.get("transfer-encoding");
    List<String> contentLength = headers.get("content-length");
    if (method.equals("HEAD") || status == 204 || status == 304) {
      body = EMPTY;
    } else if (transferEncoding != null) {
      // Transfer-Encoding wins over Content-Length; a message with both is suspect: don't reuse.
      keepAlive &= contentLength == null;
      if (endsWithChunked(transferEncoding)) {
        body = chunked();
      } else {
        body = toEnd();
        keepAlive = false;
      }
    } else if (contentLength != null) {
      body = exactly(contentLength(contentLength));
    } else {
      body = toEnd();
      keepAlive = false;
    }
    // Bytes beyond the response (nothing was pipelined): don't trust this connection again.
    keepAlive &= pos == lim;
    return new Result(new HttpTransport.Response(status, headers, body), keepAlive);
  }

  // ---- head ------------------------------------------------------------------------------------

  private static String version(String statusLine) throws IOException {
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12
        || statusLine.charAt(8) != ' ') {
      throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine));
    }
    return statusLine.substring(0, 8);
  }

  private static int status(String statusLine) throws IOException {
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = statusLine.charAt(i);
      if (c < '0' || c > '9') {
        throw new IOException("malformed status line: " + abbreviate(statusLine));
      }
      status = status * 10 + (c - '0');
    }
    if (status < 100 || statusLine.length() > 12 && statusLine.charAt(12) != ' ') {
      throw new IOException("malformed status line: " + abbreviate(statusLine));
    }
    return status;
  }

  private Map<String, List<String>> headers() throws IOException {
    Map<String, List<String>> headers = new TreeMap<>();
    List<String> last = null;
    for (String line = line(); !line.isEmpty(); line = line()) {
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (last == null) {
          throw new IOException("malformed header: a continuation line comes first");
        }
        // obsolete line folding: the line continues the previous value (RFC 9112 §5.2)
        last.set(last.size() - 1, last.get(last.size() - 1) + " " + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line: " + abbreviate(line));
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      last = headers.computeIfAbsent(name, n -> new ArrayList<>(1));
      last.add(line.substring(colon + 1).strip());
    }
    return headers;
  }

  /** HTTP/1.1 keeps the connection unless told {@code close}; 1.0 only when told keep-alive. */
  private static boolean persistent(String version, List<String> connection) {
    boolean close = false;
    boolean keepAlive = false;
    if (connection != null) {
      for (String value : connection) {
        for (String token : value.split(",")) {
          String t = token.strip().toLowerCase(Locale.ROOT);
          close |= t.equals("close");
          keepAlive |= t.equals("keep-alive");
        }
      }
    }
    return !close && (version.equals("HTTP/1.1") || keepAlive);
  }

  private static boolean endsWithChunked(List<String> transferEncoding) {
    String all = String.join(",", transferEncoding);
    String[] codings = all.split(",");
    return codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
  }

  private static long contentLength(List<String> values) throws IOException {
    long length = -1;
    for (String value : values) {
      for (String part : value.split(",")) {
        long n = digits(part.strip(), 10, "Content-Length");
        if (length != -1 && n != length) {
          throw new IOException("conflicting Content-Length values: " + values);
        }
        length = n;
      }
    }
    return length;
  }

  // ---- body ------------------------------------------------------------------------------------

  private byte[] chunked() throws IOException {
    byte[] body = EMPTY;
    int size = 0;
    while (true) {
      headBytes = 0; // the limit applies to each chunk's framing, not to the sum of them
      String line = line();
      int semicolon = line.indexOf(';'); // chunk extensions are ignored
      long chunk = digits((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16,
          "chunk size");
      if (chunk == 0) {
        while (!line().isEmpty()) {
          // trailer fields are read and dropped
        }
        return size == body.length ? body : Arrays.copyOf(body, size);
      }
      if (size + chunk > Integer.MAX_VALUE - 16) {
        throw new IOException("chunked body too large");
      }
      int end = size + (int) chunk;
      if (end > body.length) {
        body = Arrays.copyOf(body, (int) Math.max(end, Math.min(Integer.MAX_VALUE - 16,
            body.length * 2L)));
      }
      fillFully(body, size, (int) chunk);
      size = end;
      if (!line().isEmpty()) {
        throw new IOException("malformed chunked body: no CRLF after a chunk");
      }
    }
  }

  private byte[] exactly(long length) throws IOException {
    if (length > Integer.MAX_VALUE - 16) {
      throw new IOException("response body too large: " + length + " bytes");
    }
    if (length <= buf.length * 128L) {
      byte[] body = new byte[(int) length];
      fillFully(body, 0, body.length);
      return body;
    }
    // Grow as bytes arrive rather than trusting a huge declared length with memory up front.
    byte[] body = new byte[buf.length * 128];
    int size = 0;
    while (size < length) {
      if (size == body.length) {
        body = Arrays.copyOf(body, (int) Math.min(length, body.length * 2L));
      }
      int n = Math.min(body.length - size, (int) (length - size));
      fillFully(body, size, n);
      size += n;
    }
    return body;
  }

  private byte[] toEnd() throws IOException {
    byte[] rest = in.readAllBytes();
    received += rest.length;
    byte[] body = new byte[lim - pos + rest.length];
    System.arraycopy(buf, pos, body, 0, lim - pos);
    System.arraycopy(rest, 0, body, lim - pos, rest.length);
    pos = lim;
    return body;
  }

  /** Copies {@code n} body bytes: first what is buffered, then straight from the stream. */
  private void fillFully(byte[] dst, int off, int n) throws IOException {
    int fromBuffer = Math.min(n, lim - pos);
    System.arraycopy(buf, pos, dst, off, fromBuffer);
    pos += fromBuffer;
    int done = fromBuffer;
    while (done < n) {
      int r = in.read(dst, off + done, n - done);
      if (r < 0) {
        throw new EOFException("connection closed after " + done + " of " + n + " body bytes");
      }
      received += r;
      done += r;
    }
  }

  // ---- lines -----------------------------------------------------------------------------------

  /** One line of the head or of chunk framing, without CRLF (or a bare LF); ISO-8859-1. */
  private String line() throws IOException {
    StringBuilder spill = null;
    while (true) {
      for (int i = pos; i < lim; i++) {
        if (buf[i] == '\n') {
          count(i + 1 - pos);
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String line;
          if (spill == null) {
            line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          } else {
            spill.append(new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1));
            int length = spill.length();
            if (length > 0 && spill.charAt(length - 1) == '\r') {
              spill.setLength(length - 1);
            }
            line = spill.toString();
          }
          pos = i + 1;
          return line;
        }
      }
      count(lim - pos);
      if (spill == null) {
        spill = new StringBuilder();
      }
      spill.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
      pos = lim;
      if (!fill()) {
        throw new EOFException(received == 0
            ? "connection closed before any response byte arrived"
            : "connection closed in the middle of the response head");
      }
    }
  }

  private void count(int n) throws IOException {
    headBytes += n;
    if (headBytes > MAX_HEAD_BYTES) {
      throw new IOException("response head (or chunk framing) larger than " + MAX_HEAD_BYTES
          + " bytes");
    }
  }

  /** Refills the (empty) buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n < 0) {
      return false;
    }
    pos = 0;
    lim = n;
    received += n;
    return true;
  }

  private static long digits(String s, int radix, String what) throws IOException {
    if (s.isEmpty() || s.length() > 15) {
      throw new IOException("malformed " + what + ": " + abbreviate(s));
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), radix);
      if (d < 0) {
        throw new IOException("malformed " + what + ": " + abbreviate(s));
      }
      n = n * radix + d;
    }
    return n;
  }

  private static String abbreviate(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }
}
