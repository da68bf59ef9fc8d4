package dev.spaceport.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command group ({@code spaceport spaces}): on its own it prints its usage. Its subcommands are
 * not listed in its {@code @Command} annotation but made by {@link #subcommand(String)}, so that
 * {@code spaceport spaces list} loads the classes of {@code list} and of no other command (see
 * {@link SpaceportCommand#commandLine}).
 */
abstract class GroupCommand implements Runnable {

  @Spec
  CommandSpec spec;

  /** The subcommand names, in the order help lists them. */
  abstract List<String> subcommandNames();

  /** A new instance of the named subcommand. */
  abstract Object subcommand(String name);

  @Override
  public void run() {
    spec.commandLine().usage(SpaceportCommand.context(spec).out());
  }
}
