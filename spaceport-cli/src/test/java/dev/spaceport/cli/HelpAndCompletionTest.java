package dev.spaceport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --help with an example everywhere, --version, completion scripts, and lazy command trees. */
class HelpAndCompletionTest {

  private final Cli cli = Cli.withEnv(Map.of());

  @Test
  void everyCommandHasHelpWithAnExampleInItsFooter() {
    List<List<String>> commands = new ArrayList<>();
    collect(fullTree(), new ArrayList<>(), commands);
    assertThat(commands).hasSizeGreaterThan(45);
    for (List<String> path : commands) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Cli.Result r = cli.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(path.toString()).isZero();
      assertThat(r.out()).as(path.toString())
          .startsWith("Usage: spaceport" + (path.isEmpty() ? "" : " " + String.join(" ", path)))
          .containsPattern("(?m)^Examples?:$")
          .containsPattern("(?m)^  spaceport ");
    }
    assertThat(commands).contains(List.of("spaces", "add-users"), List.of("keys", "refresh"),
        List.of("config", "set-profile"), List.of("serve"), List.of("completion"),
        List.of("audit"), List.of("audit", "list"));
  }

  @Test
  void rootHelpDocumentsExitCodesAndGroupsPrintTheirUsage() {
    Cli.Result root = cli.run();
    assertThat(root.exit()).isZero();
    assertThat(root.out()).contains("Exit codes:", "6  the server could not be reached",
        "spaces", "orgs", "users", "roles", "role-bindings", "keys", "config", "completion",
        "serve", "audit");
    Cli.Result group = cli.run("spaces");
    assertThat(group.exit()).isZero();
    assertThat(group.out()).startsWith("Usage: spaceport spaces").contains("add-users");
    assertThat(cli.run("help", "spaces").ok().out()).startsWith("Usage: spaceport spaces")
        .contains("members");
  }

  @Test
  void versionOnTheRootAndOnSubcommands() {
    assertThat(cli.run("--version").ok().out()).startsWith("spaceport ");
    assertThat(cli.run("spaces", "list", "-V").ok().out()).startsWith("spaceport ");
  }

  @Test
  void completionScriptsForBashAndZsh() {
    String bash = cli.run("completion", "bash").ok().out();
    assertThat(bash).contains("complete -F", "spaces", "add-users", "role-bindings",
        "set-profile", "--output");
    String zsh = cli.run("completion", "zsh").ok().out();
    assertThat(zsh).startsWith("autoload -U +X compinit && compinit\n"
        + "autoload -U +X bashcompinit && bashcompinit\n").contains("add-users");
    cli.run("completion", "fish").expectExit(ExitCodes.USAGE);
  }

  @Test
  void aCommandLineBuildsOnlyTheCommandsItNames() {
    CliContext ctx = context();
    CommandLine spacesList = SpaceportCommand.commandLine(ctx, "spaces", "list", "-o", "json");
    assertThat(spacesList.getSubcommands().keySet()).containsExactlyInAnyOrder("spaces", "help");
    assertThat(spacesList.getSubcommands().get("spaces").getSubcommands().keySet())
        .containsExactly("list");

    CommandLine orgs = SpaceportCommand.commandLine(ctx, "organizations", "get", "acme");
    assertThat(orgs.getSubcommands().keySet()).contains("orgs", "organizations", "help")
        .doesNotContain("spaces", "serve");

    CommandLine help = SpaceportCommand.commandLine(ctx, "--help");
    assertThat(help.getSubcommands().keySet()).contains("serve", "spaces", "orgs", "users",
        "roles", "role-bindings", "keys", "config", "completion", "audit");
    assertThat(help.getSubcommands().get("spaces").getSubcommands()).hasSize(9);
  }

  private static CommandLine fullTree() {
    return SpaceportCommand.fullCommandLine(context());
  }

  private static CliContext context() {
    return new CliContext(Map.of(), Path.of("/nonexistent"), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), new BufferedReader(new StringReader("")), false);
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    out.add(path);
    Set<CommandLine> seen = new LinkedHashSet<>(cl.getSubcommands().values());
    for (CommandLine sub : seen) {
      if (sub.getCommandName().equals("help")) {
        continue;
      }
      List<String> next = new ArrayList<>(path);
      next.add(sub.getCommandName());
      collect(sub, next, out);
    }
  }
}
