package dev.spaceport.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection with as little client overhead as possible, so a load
 * generator measures the server rather than itself. Reads Content-Length and chunked bodies.
 */
final class RawHttpConnection implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] scratch = new byte[64 * 1024];

  RawHttpConnection(int port) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(30_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
  }

  /** Builds the bytes of a request; build once, send many times. */
  static byte[] request(String method, String pathAndQuery, String apiKey, String jsonBody) {
    byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder()
        .append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1\r\n");
    if (apiKey != null) {
      head.append("Authorization: Bearer ").append(apiKey).append("\r\n");
    }
    if (jsonBody != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length)
          .append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  /** Sends a request and reads the whole response; returns the status code. */
  int exchange(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    String header;
    while (!(header = line()).isEmpty()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(header.substring(colon + 1).trim());
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = header.toLowerCase().contains("chunked");
      }
    }
    if (chunked) {
      long size;
      while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
        skip(size);
        line();
      }
      line();
    } else if (length > 0) {
      skip(length);
    }
    return code;
  }

  private void skip(long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (n < 0) {
        throw new IOException("connection closed mid-body");
      }
      left -= n;
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
