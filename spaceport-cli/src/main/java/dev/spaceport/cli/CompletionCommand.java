package dev.spaceport.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spaceport completion bash|zsh}: prints a shell completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print a completion script for bash or zsh.",
        "bash: add `source <(spaceport completion bash)` to ~/.bashrc.",
        "zsh: add `source <(spaceport completion zsh)` to ~/.zshrc."},
    footer = {"", "Example:", "  spaceport completion bash > ~/.local/share/bash-completion/completions/spaceport"})
final class CompletionCommand implements Callable<Integer> {

  enum Shell { bash, zsh }

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    CliContext ctx = SpaceportCommand.context(spec);
    String script = AutoComplete.bash("spaceport", SpaceportCommand.fullCommandLine(ctx));
    PrintWriter out = ctx.out();
    if (shell == Shell.zsh) {
      // picocli's script is bash; zsh runs it through bashcompinit.
      out.println("autoload -U +X compinit && compinit");
      out.println("autoload -U +X bashcompinit && bashcompinit");
    }
    out.print(script);
    out.flush();
    return ExitCodes.OK;
  }
}
