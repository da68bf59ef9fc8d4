package dev.spaceport.server.ops;

import static net.logstash.logback.argument.StructuredArguments.keyValue;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An access line logged as one {@link AccessLine} reads, in text and in JSON, exactly as it read
 * when each field was a key-value argument of its own (the form it replaced).
 */
class AccessLineTest {

  static final LoggerContext CONTEXT = (LoggerContext) LoggerFactory.getILoggerFactory();

  @Test
  void aRoutedRequestsLineIsUnchanged() {
    AccessLine line = new AccessLine("GET", "/v2/spaces/{space_id}", "/v2/spaces/U3BhY2U6MTpi",
        200, 0.123, "8d0c6f7e-2a5b-4c1d-9e3f-0a1b2c3d4e5f", "QXBpS2V5OjE6YkZ1TA==");
    String text = "method=GET route=/v2/spaces/{space_id} path=/v2/spaces/U3BhY2U6MTpi "
        + "status=200 duration_ms=0.123 request_id=8d0c6f7e-2a5b-4c1d-9e3f-0a1b2c3d4e5f "
        + "key_id=QXBpS2V5OjE6YkZ1TA==";
    assertRendersAs(line, text, keyValue("method", "GET"),
        keyValue("route", "/v2/spaces/{space_id}"), keyValue("path", "/v2/spaces/U3BhY2U6MTpi"),
        keyValue("status", 200), keyValue("duration_ms", 0.123),
        keyValue("request_id", "8d0c6f7e-2a5b-4c1d-9e3f-0a1b2c3d4e5f"),
        keyValue("key_id", "QXBpS2V5OjE6YkZ1TA=="));
  }

  @Test
  void aRefusedRequestsLineHasNoPathAsBefore() {
    AccessLine line = new AccessLine("-", AccessLog.UNMATCHED, null, 400, 12.5, "id-1", "-");
    assertThat(line.toString())
        .isEqualTo("method=- route=unmatched status=400 duration_ms=12.5 request_id=id-1 key_id=-");
    // The form it replaced: "{} {} {} {} {} {}" with one key-value argument per field.
    Object[] fields = {keyValue("method", "-"), keyValue("route", AccessLog.UNMATCHED),
        keyValue("status", 400), keyValue("duration_ms", 12.5), keyValue("request_id", "id-1"),
        keyValue("key_id", "-")};
    LoggingEvent before = event("{} {} {} {} {} {}", fields);
    LoggingEvent after = event("{}", line);
    after.setInstant(before.getInstant());
    assertSameOutput(before, after);
  }

  private static void assertRendersAs(AccessLine line, String text, Object... fields) {
    assertThat(line.toString()).isEqualTo(text);
    // The form it replaced: the text line, then one key-value argument per field.
    Object[] arguments = new Object[fields.length + 1];
    arguments[0] = text;
    System.arraycopy(fields, 0, arguments, 1, fields.length);
    LoggingEvent before = event("{}", arguments);
    LoggingEvent after = event("{}", line);
    after.setInstant(before.getInstant());
    assertSameOutput(before, after);
  }

  private static void assertSameOutput(LoggingEvent before, LoggingEvent after) {
    for (LogFormat format : LogFormat.values()) {
      assertThat(render(format, after)).as(format.name()).isEqualTo(render(format, before));
    }
  }

  private static String render(LogFormat format, LoggingEvent event) {
    return new String(Logging.encoder(format, CONTEXT).encode(event), StandardCharsets.UTF_8);
  }

  private static LoggingEvent event(String message, Object... arguments) {
    LoggingEvent event = new LoggingEvent(AccessLog.class.getName(),
        CONTEXT.getLogger(AccessLog.LOGGER), Level.INFO, message, null, arguments);
    event.setThreadName("qtp-1");
    return event;
  }
}
