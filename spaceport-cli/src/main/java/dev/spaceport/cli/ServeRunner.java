package dev.spaceport.cli;

import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.bootstrap.AdminBootstrap;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Starts the server for {@link ServeCommand}; the only CLI class that touches server classes. */
final class ServeRunner {

  private ServeRunner() {}

  /** A started server; it stops when the JVM shuts down (Ctrl-C, SIGTERM). */
  static final class Running {
    private final CountDownLatch stopped = new CountDownLatch(1);

    void awaitShutdown() throws InterruptedException {
      stopped.await();
    }
  }

  static Running start(String host, int port, Path dataDir, String databaseUrl,
      String databaseUser, String databasePassword, String adminApiKey, PrintWriter out) {
    ServerConfig config = new ServerConfig(host, port, dataDir, databaseUrl, databaseUser,
        databasePassword, adminApiKey);
    SpaceportServer server = SpaceportServer.start(config);
    LocalServer local = LocalServer.forBind(host, server.port());
    Running running = new Running();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        local.remove(dataDir);
        server.close();
      } finally {
        running.stopped.countDown();
      }
    }, "spaceport-shutdown"));
    local.write(dataDir);
    String store = config.databaseUrl() == null
        ? "SQLite " + config.dataDir().resolve("spaceport.db") : "PostgreSQL";
    out.println("Spaceport listening on http://" + host + ":" + server.port() + " (" + store + ")");
    server.generatedAdminKey().ifPresent(key -> {
      out.println("Created the account admin. Its API key (shown once, also saved to "
          + config.dataDir().resolve(AdminBootstrap.KEY_FILE) + "):");
      out.println("  " + key);
    });
    out.println("Other spaceport commands on this machine will use this server (see "
        + dataDir.resolve(LocalServer.FILE) + ").");
    out.flush();
    return running;
  }
}
