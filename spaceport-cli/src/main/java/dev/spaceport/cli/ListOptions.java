package dev.spaceport.cli;

import picocli.CommandLine.Option;

/** Paging flags of every list command. */
final class ListOptions {

  @Option(names = "--limit", paramLabel = "N",
      description = "Items per page, 1-100 (server default 50).")
  Integer limit;

  @Option(names = "--cursor", paramLabel = "CURSOR",
      description = "Start at this page (printed on stderr after a page that has more).")
  String cursor;

  @Option(names = "--all",
      description = "Follow every page, printing each as it arrives (JSON: one object per line).")
  boolean all;
}
