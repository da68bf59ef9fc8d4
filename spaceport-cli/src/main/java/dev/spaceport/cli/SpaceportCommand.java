package dev.spaceport.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spaceport} command: {@code serve} plus one subcommand group per resource. */
@Command(
    name = "spaceport",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Spaces and access: the Spaceport server and its admin commands.",
    subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class SpaceportCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int exit = new CommandLine(new SpaceportCommand()).execute(args);
    if (exit != 0 || !ServeCommand.isServing()) {
      System.exit(exit);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
