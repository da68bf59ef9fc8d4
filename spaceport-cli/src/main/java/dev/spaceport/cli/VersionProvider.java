package dev.spaceport.cli;

import picocli.CommandLine;

/** Reports the version baked into the jar's manifest at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = SpaceportCommand.class.getPackage().getImplementationVersion();
    return new String[] {"spaceport " + (version == null ? "(development build)" : version)};
  }
}
