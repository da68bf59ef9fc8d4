package dev.spaceport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** YAML output; its own class so that SnakeYAML is loaded only when YAML is asked for. */
final class Yaml {

  private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .build());

  private Yaml() {}

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Items as YAML sequence entries; pages written one after another form a single sequence, so
   * {@code --all} can print as pages arrive.
   */
  static String writeSequence(List<JsonNode> items) {
    return write(MAPPER.valueToTree(items));
  }
}
