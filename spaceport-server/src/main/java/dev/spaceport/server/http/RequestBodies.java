package dev.spaceport.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body into its wire record, turning every way a body can be wrong into a 400
 * that names the field and the cause.
 */
public final class RequestBodies {

  /** Fields the server owns; sending one is a client mistake worth its own message. */
  private static final Set<String> SYSTEM_FIELDS = Set.of(
      "id", "created_at", "updated_at", "is_predefined", "status", "key", "redacted_key",
      "key_type", "created_by_user_id", "last_used_at", "space_id", "organization_id", "user_id");

  private RequestBodies() {}

  public static <T> T read(Context ctx, Class<T> type) {
    requireJsonContentType(ctx);
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0 || isBlank(body)) {
      throw ApiProblem.badRequest("a JSON object body is required");
    }
    String text = utf8(body);
    if (text.startsWith("\uFEFF")) {
      throw ApiProblem.badRequest("the request body must not start with a byte order mark");
    }
    if (firstNonSpace(body) != '{') {
      throw ApiProblem.badRequest("the request body must be a JSON object");
    }
    try {
      // Parsed from the decoded text, never the bytes: Jackson would otherwise guess UTF-16 or
      // UTF-32 from the byte pattern, and it decodes overlong UTF-8 forms ("\xC0\xAF" as '/').
      T value = Json.MAPPER.readValue(text, type);
      if (value == null) {
        throw ApiProblem.badRequest("the request body must be a JSON object");
      }
      // Only a body that mapped cleanly (so it is small and shallow) is read a second time.
      String nullField = text.contains("null") ? firstNull(Json.MAPPER.readTree(text), "") : null;
      if (nullField != null) {
        // The contract's types have no null: an optional field is left out, not sent as null.
        throw ApiProblem.badRequest("'" + nullField + "' must not be null; leave it out instead");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      String field = e.getPropertyName();
      if (SYSTEM_FIELDS.contains(field)) {
        throw ApiProblem.badRequest("'" + field + "' is set by the server and cannot be sent here");
      }
      throw ApiProblem.badRequest("unknown field '" + field + "'; allowed fields: "
          + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
              .collect(Collectors.joining(", ")));
    } catch (MismatchedInputException e) {
      String path = path(e);
      if (path.isEmpty()) {
        throw ApiProblem.badRequest("the request body must be a JSON object");
      }
      throw ApiProblem.badRequest("field '" + path + "' must be " + expected(e.getTargetType()));
    } catch (StreamConstraintsException e) {
      throw ApiProblem.badRequest("the request body is too deeply nested or too large");
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonProcessingException syntax
          && !(syntax instanceof JsonMappingException)) {
        // A syntax error inside a field's value: the JSON is broken, not the field.
        throw ApiProblem.badRequest("malformed JSON: " + firstLine(syntax.getOriginalMessage()));
      }
      String path = path(e);
      throw ApiProblem.badRequest(path.isEmpty()
          ? "the request body is not valid: " + firstLine(e.getOriginalMessage())
          : "field '" + path + "' is not valid");
    } catch (JsonProcessingException e) {
      throw ApiProblem.badRequest("malformed JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw ApiProblem.badRequest("the request body could not be read");
    }
  }

  private static void requireJsonContentType(Context ctx) {
    String contentType = ctx.header("Content-Type");
    String media = contentType == null ? "" : contentType.split(";", 2)[0].trim()
        .toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      throw ApiProblem.of(415, "Unsupported Media Type",
          "the request body must be sent with Content-Type: application/json");
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) {
      return "an integer";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type == java.time.Instant.class) {
      return "an RFC 3339 date-time string";
    }
    return "an object";
  }

  /** The path of the first JSON null in {@code node}, or null when there is none. */
  private static String firstNull(JsonNode node, String path) {
    if (node.isNull()) {
      return path;
    }
    if (node.isObject()) {
      for (var fields = node.fields(); fields.hasNext(); ) {
        var field = fields.next();
        String found = firstNull(field.getValue(),
            path.isEmpty() ? field.getKey() : path + "." + field.getKey());
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = firstNull(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The body as text; bodies are UTF-8 (CONTRACT.md §1) and anything else is refused. */
  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiProblem.badRequest("the request body is not valid UTF-8");
    }
  }

  private static boolean isBlank(byte[] body) {
    return firstNonSpace(body) == -1;
  }

  private static int firstNonSpace(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b;
      }
    }
    return -1;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

}
