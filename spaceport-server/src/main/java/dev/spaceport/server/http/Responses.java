package dev.spaceport.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spaceport.api.Problem;
import io.javalin.http.Context;

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
    ctx.status(status).contentType("application/json").result(bytes);
  }

  public static void problem(Context ctx, Problem problem) {
    ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(bytes(problem));
  }

  private static byte[] bytes(Object body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + body.getClass().getSimpleName(), e);
    }
  }
}
