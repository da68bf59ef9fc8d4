package dev.spaceport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Prints results in the chosen format. JSON is the API's own JSON: one object pretty-printed; a
 * list page as one JSON array; with {@code --all}, one compact object per line (JSON Lines),
 * printed as pages arrive. YAML prints the same data, a list as one YAML sequence (also with
 * {@code --all}). Tables are for people and may change.
 */
final class Printer {

  private final OutputFormat format;
  private final PrintWriter out;

  Printer(OutputFormat format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  OutputFormat format() {
    return format;
  }

  boolean isTable() {
    return format == OutputFormat.table;
  }

  void object(Kind kind, JsonNode node) {
    switch (format) {
      case json -> out.println(CliJson.pretty(node));
      case yaml -> out.print(Yaml.write(node));
      case table -> vertical(node);
    }
    out.flush();
  }

  /** A message for people: printed in table format only, so JSON and YAML stay parseable. */
  void message(String text) {
    if (isTable()) {
      out.println(text);
      out.flush();
    }
  }

  ListWriter list(Kind kind, boolean streaming) {
    return new ListWriter(kind, streaming);
  }

  /** Receives a list a page at a time. */
  final class ListWriter {
    private final Kind kind;
    private final boolean streaming;
    private final List<JsonNode> collected = new ArrayList<>();
    private int count;
    private int[] widths;

    private ListWriter(Kind kind, boolean streaming) {
      this.kind = kind;
      this.streaming = streaming;
    }

    void page(List<JsonNode> items) {
      if (items.isEmpty()) {
        return;
      }
      count += items.size();
      switch (format) {
        case json -> {
          if (streaming) {
            items.forEach(item -> out.println(CliJson.compact(item)));
          } else {
            collected.addAll(items);
          }
        }
        case yaml -> out.print(Yaml.writeSequence(items));
        case table -> tableRows(items);
      }
      out.flush();
    }

    int count() {
      return count;
    }

    void finish() {
      switch (format) {
        case json -> {
          if (!streaming) {
            out.println(CliJson.pretty(CliJson.MAPPER.valueToTree(collected)));
          }
        }
        case yaml -> {
          if (count == 0) {
            out.println("[]");
          }
        }
        case table -> {
          if (count == 0) {
            out.println("No " + kind.plural() + ".");
          }
        }
      }
      out.flush();
    }

    private void tableRows(List<JsonNode> items) {
      List<Kind.Column> columns = kind.columns;
      List<String[]> rows = new ArrayList<>();
      for (JsonNode item : items) {
        String[] row = new String[columns.size()];
        for (int c = 0; c < row.length; c++) {
          row[c] = clip(columns.get(c).cell().apply(item), columns.get(c).maxWidth());
        }
        rows.add(row);
      }
      if (widths == null) {
        // Widths come from the first page; later pages (--all) reuse them so columns stay put.
        widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
          widths[c] = columns.get(c).header().length();
          for (String[] row : rows) {
            widths[c] = Math.max(widths[c], row[c].codePointCount(0, row[c].length()));
          }
        }
        String[] header = columns.stream().map(Kind.Column::header).toArray(String[]::new);
        out.println(line(header));
      }
      rows.forEach(row -> out.println(line(row)));
    }

    private String line(String[] cells) {
      StringBuilder s = new StringBuilder();
      for (int c = 0; c < cells.length; c++) {
        s.append(cells[c]);
        if (c < cells.length - 1) {
          s.append(" ".repeat(Math.max(0, widths[c] - cells[c].codePointCount(0,
              cells[c].length())) + 2));
        }
      }
      return s.toString().stripTrailing();
    }
  }

  private void vertical(JsonNode node) {
    if (!node.isObject()) {
      out.println(cell(node));
      return;
    }
    int width = 0;
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      width = Math.max(width, names.next().length());
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String value = cell(field.getValue());
      out.println((field.getKey() + " ".repeat(width - field.getKey().length() + 2) + value)
          .stripTrailing());
    }
  }

  private static String clip(String value, int maxWidth) {
    if (maxWidth <= 0 || value.codePointCount(0, value.length()) <= maxWidth) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, maxWidth - 1)) + "…";
  }

  /** A JSON value as a table cell: roles as "admin" or "custom reviewer (ID)", lists joined. */
  static String cell(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "yes" : "no";
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(cell(v)));
      return String.join(", ", parts);
    }
    if (value.isObject()) {
      if (value.has("type")) {
        String type = value.path("type").asText();
        String name = value.path("name").asText("");
        if ("custom".equalsIgnoreCase(type)) {
          return "custom " + name + (value.has("id") ? " (" + value.path("id").asText() + ")" : "");
        }
        return name;
      }
      return CliJson.compact(value);
    }
    return value.asText().replace('\n', ' ');
  }
}
