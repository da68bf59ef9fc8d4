package dev.spaceport.cli;

import picocli.CommandLine.Option;

/** {@code --yes} of destructive commands. */
final class YesOption {

  @Option(names = {"-y", "--yes"},
      description = "Do not ask for confirmation (required when not at a terminal).")
  boolean yes;
}
