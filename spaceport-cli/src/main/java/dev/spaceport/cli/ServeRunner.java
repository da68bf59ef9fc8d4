package dev.spaceport.cli;

import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.bootstrap.AdminBootstrap;
import dev.spaceport.server.config.ConfigException;
import dev.spaceport.server.config.ConfigResolver;
import dev.spaceport.server.config.EffectiveConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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

  /**
   * Resolves the configuration and starts the server, or with {@code printOnly} prints the
   * configuration and returns null.
   *
   * @param flags the options given, keyed by flag name without dashes
   * @param configFile {@code --config}, or null for {@code <data-dir>/spaceport.yaml} if present
   * @throws UsageException when a setting is unknown or not valid (exit 2)
   */
  static Running run(Map<String, String> flags, CliContext ctx, Path configFile,
      boolean printOnly) {
    // For the CLI SPACEPORT_CONFIG names the profiles file; it must not be read as server config.
    Map<String, String> env = new HashMap<>(ctx.env());
    env.remove(ConfigResolver.CONFIG_ENV);
    EffectiveConfig eff;
    ServerConfig config;
    try {
      eff = ConfigResolver.resolve(flags, env, configFile, ctx.dataDir());
      if (printOnly) {
        ctx.out().print(eff.print());
        ctx.out().flush();
      }
      config = eff.serverConfig();
    } catch (ConfigException e) {
      throw new UsageException(e.getMessage());
    }
    return printOnly ? null : start(config, ctx.out());
  }

  static Running start(ServerConfig config, PrintWriter out) {
    SpaceportServer server = SpaceportServer.start(config);
    String host = config.host();
    Path dataDir = config.dataDir();
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
        ? "SQLite " + dataDir.resolve("spaceport.db") : "PostgreSQL";
    out.println("Spaceport listening on http://" + host + ":" + server.port() + " (" + store + ")");
    server.generatedAdminKey().ifPresent(key -> {
      out.println("Created the account admin. Its API key (shown once, also saved to "
          + dataDir.resolve(AdminBootstrap.KEY_FILE) + "):");
      out.println("  " + key);
    });
    out.println("Other spaceport commands on this machine will use this server (see "
        + dataDir.resolve(LocalServer.FILE) + ").");
    out.flush();
    return running;
  }
}
