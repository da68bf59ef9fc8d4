package dev.spaceport.cli;

import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.bootstrap.AdminBootstrap;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spaceport serve}: runs the server in the foreground until interrupted. Every flag has an
 * environment variable; a flag wins over its variable, which wins over the default.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the Spaceport server.",
    footer = {"", "Example:", "  spaceport serve --port 8080 --data-dir ~/.spaceport"})
final class ServeCommand implements Callable<Integer> {

  private static volatile boolean serving;

  @Option(names = "--host", defaultValue = "${env:SPACEPORT_HOST:-127.0.0.1}",
      description = "Address to listen on (env SPACEPORT_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:SPACEPORT_PORT:-8080}",
      description = "Port to listen on; 0 picks a free one (env SPACEPORT_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "${env:SPACEPORT_DATA_DIR:-${sys:user.home}/.spaceport}",
      description = "Directory for the embedded database and the admin key file "
          + "(env SPACEPORT_DATA_DIR; default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--database-url", defaultValue = "${env:SPACEPORT_DATABASE_URL}",
      description = "A jdbc:postgresql:// URL; default: the embedded SQLite file in the data dir "
          + "(env SPACEPORT_DATABASE_URL; user and password from SPACEPORT_DATABASE_USER and "
          + "SPACEPORT_DATABASE_PASSWORD).")
  String databaseUrl;

  static boolean isServing() {
    return serving;
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config = new ServerConfig(host, port, dataDir, blankToNull(databaseUrl),
        blankToNull(System.getenv("SPACEPORT_DATABASE_USER")),
        blankToNull(System.getenv("SPACEPORT_DATABASE_PASSWORD")),
        blankToNull(System.getenv("SPACEPORT_ADMIN_API_KEY")));
    SpaceportServer server = SpaceportServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "spaceport-shutdown"));
    serving = true;
    String store = config.databaseUrl() == null
        ? "SQLite " + config.dataDir().resolve("spaceport.db") : "PostgreSQL";
    System.out.println("Spaceport listening on http://" + host + ":" + server.port()
        + " (" + store + ")");
    server.generatedAdminKey().ifPresent(key -> {
      System.out.println("Created the account admin. Its API key (shown once, also saved to "
          + config.dataDir().resolve(AdminBootstrap.KEY_FILE) + "):");
      System.out.println("  " + key);
    });
    System.out.flush();
    stopped.await();
    return 0;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
