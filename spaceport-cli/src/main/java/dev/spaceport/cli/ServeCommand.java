package dev.spaceport.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code spaceport serve}: runs the server in the foreground until interrupted. Every flag has an
 * environment variable; a flag wins over its variable, which wins over the default.
 *
 * <p>This class names no server class: the server is started by {@link ServeRunner}, which is
 * loaded only when serve actually runs, so building the command tree for help stays cheap.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {"Run the Spaceport server.",
        "",
        "While it runs, <data-dir>/server.json tells the other spaceport commands on this machine "
            + "where it is, and <data-dir>/admin-api-key (written on first start) holds the "
            + "account admin's key: they use both when nothing else is configured."},
    footer = {"", "Example:", "  spaceport serve --port 8080 --data-dir ~/.spaceport"})
final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--host", defaultValue = "${env:SPACEPORT_HOST:-127.0.0.1}",
      description = "Address to listen on (env SPACEPORT_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:SPACEPORT_PORT:-8080}",
      description = "Port to listen on; 0 picks a free one (env SPACEPORT_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir",
      description = "Directory for the embedded database, the admin key file and server.json "
          + "(env SPACEPORT_DATA_DIR; default SPACEPORT_HOME, else ~/.spaceport).")
  Path dataDir;

  @Option(names = "--database-url", defaultValue = "${env:SPACEPORT_DATABASE_URL}",
      description = "A jdbc:postgresql:// URL; default: the embedded SQLite file in the data dir "
          + "(env SPACEPORT_DATABASE_URL; user and password from SPACEPORT_DATABASE_USER and "
          + "SPACEPORT_DATABASE_PASSWORD).")
  String databaseUrl;

  @Override
  public Integer call() throws InterruptedException {
    CliContext ctx = SpaceportCommand.context(spec);
    Path dir = dataDir != null ? dataDir : ctx.dataDir();
    ServeRunner.Running running = ServeRunner.start(host, port, dir, blankToNull(databaseUrl),
        ctx.envValue("SPACEPORT_DATABASE_USER"), ctx.envValue("SPACEPORT_DATABASE_PASSWORD"),
        ctx.envValue("SPACEPORT_ADMIN_API_KEY"), ctx.out());
    SpaceportCommand.serving = true;
    running.awaitShutdown();
    return 0;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
