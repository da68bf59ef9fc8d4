package dev.spaceport.server.http;

import io.javalin.http.Context;
import java.util.UUID;

/**
 * Every request carries an ID: the client's {@code X-Request-Id} when it sent a sane one,
 * otherwise a fresh one. It is echoed in the response and named in logs of server faults.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "spaceport.request-id";
  private static final int MAX_LENGTH = 128;

  private RequestIds() {}

  public static void assign(Context ctx) {
    String id = ctx.header(HEADER);
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || !isPrintableAscii(id)) {
      id = UUID.randomUUID().toString();
    }
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }

  private static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
