package dev.spaceport.cli;

import picocli.CommandLine.Option;

/**
 * The connection flags every command that talks to a server takes (a picocli argument group, so
 * help shows them in a section of their own).
 */
final class ConnectionOptions {

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "API key (default: env ARIZE_API_KEY, then the profile, then the admin key "
          + "of a local `spaceport serve`).")
  String apiKey;

  @Option(names = "--host", paramLabel = "HOST[:PORT]",
      description = "Server host, optionally with :port (default: env ARIZE_API_HOST, then the "
          + "profile, then a local `spaceport serve`, then api.arize.com).")
  String host;

  @Option(names = "--scheme", paramLabel = "http|https",
      description = "http or https (default: env ARIZE_API_SCHEME, then the profile, then https; "
          + "http for a local `spaceport serve`).")
  String scheme;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Use this profile of ~/.spaceport/config (default: env SPACEPORT_PROFILE, "
          + "then the profile named 'default').")
  String profile;
}
