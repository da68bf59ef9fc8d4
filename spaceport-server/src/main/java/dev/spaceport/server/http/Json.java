package dev.spaceport.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one JSON mapper of the server. Reading is strict — unknown fields, duplicate keys, trailing
 * garbage and type coercions (a number where a string belongs, "true" for true) are all errors —
 * because the contract asks for a 400 naming the field rather than a guess.
 */
public final class Json {

  /** RFC 3339, UTC, millisecond precision, {@code Z} suffix: {@code 2026-06-01T09:30:00.123Z}. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public static final ObjectMapper MAPPER = build();

  private Json() {}

  private static ObjectMapper build() {
    SimpleModule time = new SimpleModule("rfc3339")
        .addSerializer(Instant.class, new InstantSerializer())
        .addDeserializer(Instant.class, new InstantDeserializer());
    // Hostile inputs stay cheap to reject: bodies are small and shallow by contract.
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(65_536).build())
        .build();
    JsonMapper mapper = JsonMapper.builder(factory)
        .addModule(time)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();
    for (LogicalType target : new LogicalType[] {
        LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
        LogicalType.Collection, LogicalType.POJO, LogicalType.DateTime}) {
      mapper.coercionConfigFor(target)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Array, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Object, CoercionAction.Fail);
    }
    // A string is a string: no numbers, booleans, arrays or objects in its place.
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsEmpty);
    mapper.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Collection)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.POJO)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  public static String formatTimestamp(Instant instant) {
    return Timestamps.format(instant);
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(Timestamps.format(value));
    }
  }

  /** Accepts any RFC 3339 date-time with an offset; nothing looser. */
  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
      }
      String text = p.getText();
      if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
        // "+999999999-12-31T23:59:59Z" parses, but RFC 3339 years have four digits (and such an
        // instant overflows epoch milliseconds).
        return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
            "expected an RFC 3339 date-time such as 2026-06-01T09:30:00Z");
      }
      try {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
      } catch (DateTimeParseException e) {
        return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
            "expected an RFC 3339 date-time such as 2026-06-01T09:30:00Z");
      }
    }
  }
}
