package dev.spaceport.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The reference point: a bare Jetty handler answering every request with the same JSON, from
 * memory — what the machine can do with HTTP alone. Spaceport's throughput is reported as a ratio
 * to this, measured in the same run. Run as its own process: prints {@code PORT <n>}.
 */
public final class ReferenceServer {

  static final String SPACE_JSON = "{\"id\":\"U3BhY2U6MTpiRnVM\",\"name\":\"space-000001\","
      + "\"description\":\"\",\"created_at\":\"2026-06-01T09:30:00.123Z\"}";

  private ReferenceServer() {}

  /** A list page of {@code n} spaces, shaped like the real one. */
  static String listJson(int n) {
    StringBuilder sb = new StringBuilder("{\"spaces\":[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(SPACE_JSON);
    }
    return sb.append("],\"pagination\":{\"has_more\":true,\"next_cursor\":"
        + "\"AQAAAAAAAAAAAAAAAAAAAAJyAsR0kvFgYdQCS5MXc0Ncch2QbOIQwFk\"}}").toString();
  }

  public static void main(String[] args) throws Exception {
    byte[] space = SPACE_JSON.getBytes(StandardCharsets.UTF_8);
    byte[] list = listJson(50).getBytes(StandardCharsets.UTF_8);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        byte[] body = request.getHttpURI().getPath().endsWith("/spaces") ? list : space;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
      }
    });
    server.start();
    System.out.println("PORT " + connector.getLocalPort());
    System.out.flush();
    server.join();
  }
}
