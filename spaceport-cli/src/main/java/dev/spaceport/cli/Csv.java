package dev.spaceport.cli;

import java.util.ArrayList;
import java.util.List;

/** Just enough CSV (RFC 4180) for member files: commas, double quotes, "" inside quotes. */
final class Csv {

  /** One non-blank line: its 1-based line number and its fields, trimmed. */
  record Line(int number, List<String> fields) {}

  private Csv() {}

  /** Every line that is neither blank nor a {@code #} comment. */
  static List<Line> parse(String text) {
    List<Line> lines = new ArrayList<>();
    String[] raw = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i];
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      lines.add(new Line(i + 1, fields(line)));
    }
    return lines;
  }

  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString().strip());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString().strip());
    return fields;
  }
}
