package dev.spaceport.server.http;

import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import io.javalin.http.Context;

/** Reads an ID from the path (already percent-decoded by the router); bad IDs are 400s. */
public final class PathIds {

  private PathIds() {}

  public static PublicId of(Context ctx, String param, IdType type) {
    return PublicId.parse(ctx.pathParam(param), type, param);
  }
}
