package dev.spaceport.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code spaceport serve}: runs the server in the foreground until interrupted. Each setting comes
 * from, highest first: its flag, its environment variable, the configuration file, the default
 * (the server's {@code ConfigResolver} does the resolving). The options therefore have no picocli
 * defaults: an option that was not given stays null and is left out of the flags layer.
 *
 * <p>The configuration file is {@code --config FILE}, else {@code <data-dir>/spaceport.yaml} when
 * it exists. {@code SPACEPORT_CONFIG} does <em>not</em> name it: for the CLI that variable names
 * the profiles file (see {@link CliContext#configFile()}).
 *
 * <p>This class names no server class: the server is started by {@link ServeRunner}, which is
 * loaded only when serve actually runs, so building the command tree for help stays cheap.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {"Run the Spaceport server.",
        "",
        "Each setting comes from its flag, else its environment variable, else the configuration "
            + "file (--config FILE, else <data-dir>/spaceport.yaml if present; flat YAML keyed by "
            + "the flag names, e.g. 'port: 8080'), else its default. SPACEPORT_CONFIG names the "
            + "CLI's profiles file, not this one.",
        "",
        "While it runs, <data-dir>/server.json tells the other spaceport commands on this machine "
            + "where it is, and <data-dir>/admin-api-key (written on first start) holds the "
            + "account admin's key: they use both when nothing else is configured."},
    footer = {"", "Examples:", "  spaceport serve --port 8080 --data-dir ~/.spaceport",
        "  spaceport serve --config /etc/spaceport.yaml --print-config"})
final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file (YAML); must exist. Default: <data-dir>/spaceport.yaml "
          + "when present.")
  Path config;

  @Option(names = "--print-config",
      description = "Print the effective settings and where each came from (secrets redacted), "
          + "then exit without starting.")
  boolean printConfig;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Address to listen on (env SPACEPORT_HOST; default 127.0.0.1).")
  String host;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one (env SPACEPORT_PORT; default 8080).")
  String port;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Directory for the embedded database, the admin key file and server.json "
          + "(env SPACEPORT_DATA_DIR; default SPACEPORT_HOME, else ~/.spaceport).")
  String dataDir;

  @Option(names = "--database-url", paramLabel = "URL",
      description = "A jdbc:postgresql:// URL (env SPACEPORT_DATABASE_URL; default: the embedded "
          + "SQLite file in the data dir).")
  String databaseUrl;

  @Option(names = "--database-user", paramLabel = "USER",
      description = "User for --database-url (env SPACEPORT_DATABASE_USER).")
  String databaseUser;

  @Option(names = "--database-password", paramLabel = "PASSWORD",
      description = "Password for --database-url (env SPACEPORT_DATABASE_PASSWORD, preferred: "
          + "a flag is visible to other users of the machine).")
  String databasePassword;

  @Option(names = "--admin-api-key", paramLabel = "KEY", hidden = true,
      description = "Bootstrap admin key, at least 16 characters. Discouraged: use env "
          + "SPACEPORT_ADMIN_API_KEY, a flag is visible to other users of the machine.")
  String adminApiKey;

  @Option(names = "--rate-limit", paramLabel = "N",
      description = "Requests per second per API key, bursts up to twice that; 0 turns it off "
          + "(env SPACEPORT_RATE_LIMIT; default 1000).")
  String rateLimit;

  @Option(names = "--max-concurrent-requests-per-key", paramLabel = "N",
      description = "Requests one API key may have in progress at once on this node; more are "
          + "refused with 429; 0 turns the cap off (env SPACEPORT_MAX_CONCURRENT_REQUESTS_PER_KEY; "
          + "default 32).")
  String maxConcurrentRequestsPerKey;

  @Option(names = "--shutdown-timeout", paramLabel = "DURATION",
      description = "How long requests in flight may finish on shutdown: 500ms, 10s, 2m "
          + "(env SPACEPORT_SHUTDOWN_TIMEOUT; default 10s).")
  String shutdownTimeout;

  @Option(names = "--log-format", paramLabel = "json|text",
      description = "Log lines as JSON objects or as text (env SPACEPORT_LOG_FORMAT; "
          + "default json).")
  String logFormat;

  @Override
  public Integer call() throws InterruptedException {
    CliContext ctx = SpaceportCommand.context(spec);
    ServeRunner.Running running = ServeRunner.run(flags(), ctx, config, printConfig);
    if (running == null) {
      return ExitCodes.OK;
    }
    SpaceportCommand.serving = true;
    running.awaitShutdown();
    return ExitCodes.OK;
  }

  /** The options given, keyed by flag name without dashes; absent ones are left out. */
  Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, "host", host);
    put(flags, "port", port);
    put(flags, "data-dir", dataDir);
    put(flags, "database-url", databaseUrl);
    put(flags, "database-user", databaseUser);
    put(flags, "database-password", databasePassword);
    put(flags, "admin-api-key", adminApiKey);
    put(flags, "rate-limit", rateLimit);
    put(flags, "max-concurrent-requests-per-key", maxConcurrentRequestsPerKey);
    put(flags, "shutdown-timeout", shutdownTimeout);
    put(flags, "log-format", logFormat);
    return flags;
  }

  private static void put(Map<String, String> flags, String name, String value) {
    if (value != null) {
      flags.put(name, value);
    }
  }
}
