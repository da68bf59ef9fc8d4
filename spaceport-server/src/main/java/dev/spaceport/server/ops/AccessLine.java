package dev.spaceport.server.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.argument.StructuredArgument;

/**
 * One access line's fields as the single argument of its log call: text output renders it as
 * the message ({@code method=GET route=… status=200 …}, built once), JSON output writes each as a
 * field of its own. One object per line rather than a key-value argument per field, as each of
 * those is an object of its own and a field name looked up again when written.
 *
 * @param path null for requests refused before routing, whose line names no path
 */
record AccessLine(String method, String route, String path, int status, double durationMs,
    String requestId, String keyId) implements StructuredArgument {

  @Override
  public void writeTo(JsonGenerator generator) throws IOException {
    generator.writeStringField("method", method);
    generator.writeStringField("route", route);
    if (path != null) {
      generator.writeStringField("path", path);
    }
    generator.writeNumberField("status", status);
    generator.writeNumberField("duration_ms", durationMs);
    generator.writeStringField("request_id", requestId);
    generator.writeStringField("key_id", keyId);
  }

  @Override
  public String toString() {
    return "method=" + method + " route=" + route + (path == null ? "" : " path=" + path)
        + " status=" + status + " duration_ms=" + durationMs + " request_id=" + requestId
        + " key_id=" + keyId;
  }
}
