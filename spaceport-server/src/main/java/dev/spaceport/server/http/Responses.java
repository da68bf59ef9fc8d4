package dev.spaceport.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spaceport.api.Problem;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Writes bodies exactly as the contract spells them: JSON, problem JSON, or nothing at all. */
public final class Responses {

  private Responses() {}

  public static void ok(Context ctx, Object body) {
    json(ctx, 200, body);
  }

  public static void created(Context ctx, Object body) {
    json(ctx, 201, body);
  }

  public static void noContent(Context ctx) {
    ctx.status(204);
  }

  /** The attribute holding the bytes of the body just written, for idempotent replays. */
  public static final String BODY = "spaceport.response-body";

  public static void json(Context ctx, int status, Object body) {
    byte[] bytes = bytes(body);
    ctx.attribute(BODY, bytes);
    ctx.status(status).contentType("application/json").result(new Settled(bytes));
  }

  public static void problem(Context ctx, Problem problem) {
    ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE)
        .result(new Settled(bytes(problem)));
  }

  /**
   * The last after-handler of every request: writes the settled body straight to the servlet
   * response. Left to Javalin, every body goes through its compression stream, which decides per
   * response whether to gzip (header and media-type checks costing more CPU than a get's own work)
   * even with compression off. Bodies are set with {@code ctx.result(...)} until here, so a failure
   * anywhere earlier (a commit, an error mapper) still replaces the whole body.
   */
  public static void writeSettledBody(Context ctx) throws IOException {
    InputStream result = ctx.resultInputStream();
    if (result == null) {
      return;
    }
    // A body set here is written from its own array; one set elsewhere is read out.
    byte[] body = result instanceof Settled settled ? settled.bytes() : result.readAllBytes();
    ctx.result(InputStream.nullInputStream()); // Javalin then copies nothing
    ctx.res().getOutputStream().write(body);
  }

  /** A body serialized here, whose array {@link #writeSettledBody} writes without a copy. */
  private static final class Settled extends ByteArrayInputStream {
    Settled(byte[] bytes) {
      super(bytes);
    }

    /** What {@code readAllBytes} would give: while nothing has been read, the array itself. */
    byte[] bytes() {
      return pos == 0 ? buf : readAllBytes();
    }
  }

  private static byte[] bytes(Object body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + body.getClass().getSimpleName(), e);
    }
  }
}
