package dev.spaceport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md's CLI quick start can't drift from the CLI: every command of its marked ```bash block runs, in
 * order, against a fresh real server that the CLI finds exactly as it finds `spaceport serve`
 * (server.json and admin-api-key in the Spaceport home), and each must exit 0.
 */
class QuickstartDocTest {

  private static final Path DOC = Path.of("..", "README.md");
  private static final Pattern BASH = Pattern.compile(
      "<!-- The block below is run, line by line, by QuickstartDocTest\\. -->\\s*```bash\\n(.*?)```",
      Pattern.DOTALL);

  @Test
  void everyCommandOfTheQuickStartRuns() throws IOException {
    Matcher m = BASH.matcher(Files.readString(DOC));
    assertThat(m.find()).as("README.md has the marked quick-start ```bash block").isTrue();
    String block = m.group(1);

    List<List<String>> commands = new ArrayList<>();
    for (String line : block.split("\n")) {
      List<String> words = words(line);
      if (words.isEmpty()) {
        continue;
      }
      assertThat(words.get(0)).as(line).isIn("./spaceport", "spaceport");
      commands.add(words.subList(1, words.size()));
    }
    assertThat(commands).extracting(c -> String.join(" ", c.subList(0, Math.min(2, c.size()))))
        .contains("serve", "orgs create", "users create", "orgs add-user", "spaces create",
            "spaces add-user");

    try (TestServer server = TestServer.start()) {
      String address = "127.0.0.1:" + server.port();
      Cli cli = Cli.withEnv(Map.of());
      // what `spaceport serve` leaves for the CLI in its data dir (the home, by default)
      LocalServer.forBind("127.0.0.1", server.port()).write(cli.home());
      Files.writeString(cli.home().resolve("admin-api-key"), TestServer.ADMIN_KEY + "\n");

      for (List<String> command : commands) {
        if (command.get(0).equals("serve")) {
          continue; // the server above plays its part
        }
        String[] args = command.stream().map(w -> w.replace("127.0.0.1:8080", address))
            .toArray(String[]::new);
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as("spaceport " + String.join(" ", command) + "\n" + r).isZero();
      }
      assertThat(cli.run("spaces", "members", "production").ok().json())
          .extracting(n -> n.at("/role/name").asText()).contains("read-only");
    }
  }

  /** A command line split as the shell would: quotes, and a trailing # comment. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (c == '#' && !inWord) {
        break;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    assertThat(quote == 0).as("unbalanced quotes in: " + line).isTrue();
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  @Test
  void wordsSplitsAsTheShellDoes() {
    assertThat(words("./spaceport orgs create acme --description \"Acme Inc.\"   # note"))
        .containsExactly("./spaceport", "orgs", "create", "acme", "--description", "Acme Inc.");
    assertThat(words("  # only a comment")).isEmpty();
    assertThat(words("a 'b c' d#e")).containsExactly("a", "b c", "d#e");
  }
}
