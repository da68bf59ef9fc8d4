package dev.spaceport.client.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The SDK's JSON mapper. Unlike the server it tolerates fields it does not know, so an SDK keeps
 * working against a newer server.
 */
public final class Json {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new SimpleModule("rfc3339")
          .addSerializer(Instant.class, ToStringSerializer.instance)
          .addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt)
                throws IOException {
              return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(p.getValueAsString(),
                  Instant::from);
            }
          }))
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // Like Arize's SDK, send no nulls: an absent optional field means "not given".
      .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      .build();

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName(), e);
    }
  }
}
