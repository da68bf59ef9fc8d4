package dev.spaceport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md's CLI quick start can't drift from the CLI: every command of its marked ```bash block
 * runs, in order, and must exit 0 — {@code serve} as a real process on a fresh Spaceport home
 * (on a free port, so a server already on 8080 can't interfere), then every other command in
 * this JVM with no configuration but that home, finding the server and its admin key as a
 * newcomer's second terminal would.
 */
class QuickstartDocTest {

  private static final Path DOC = Path.of("..", "README.md");
  private static final Pattern BASH = Pattern.compile(
      "<!-- The block below is run, line by line, by QuickstartDocTest\\. -->\\s*```bash\\n(.*?)```",
      Pattern.DOTALL);

  @Test
  void everyCommandOfTheQuickStartRuns() throws Exception {
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

    assertThat(commands.get(0)).as("the quick start begins with serve")
        .containsExactly("serve");
    Cli cli = Cli.withEnv(Map.of());
    List<String> serveArgs = new ArrayList<>(commands.get(0));
    serveArgs.addAll(List.of("--port", "0"));
    try (Subprocess serve = Subprocess.start(Subprocess.javaCommand(List.of(), serveArgs),
        Map.of("SPACEPORT_HOME", cli.home().toString()))) {
      serve.awaitOutput("Other spaceport commands on this machine", Duration.ofSeconds(90));
      assertThat(serve.output()).contains("Spaceport listening on http://127.0.0.1:")
          .contains("Created the account admin");

      for (List<String> command : commands.subList(1, commands.size())) {
        Cli.Result r = cli.run(command.toArray(String[]::new));
        assertThat(r.exit()).as("spaceport " + String.join(" ", command) + "\n" + r).isZero();
      }
      assertThat(cli.run("spaces", "members", "production").ok().json())
          .extracting(n -> n.at("/role/name").asText()).contains("read-only");
      assertThat(serve.stop(Duration.ofSeconds(30))).isNotNegative();
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
