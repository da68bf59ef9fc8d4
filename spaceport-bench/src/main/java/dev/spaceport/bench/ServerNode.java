package dev.spaceport.bench;

import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.ops.LogFormat;
import java.nio.file.Path;

/**
 * Spaceport under test, as its own process, throttling off. Arguments: data dir, admin key, and
 * optionally a PostgreSQL URL and user. Prints {@code PORT <n>}.
 */
public final class ServerNode {

  private ServerNode() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 2 ? args[2] : null;
    String user = args.length > 3 ? args[3] : null;
    // Logging as `serve --log-format text` sets it up (Logging.configure), not logback.xml's.
    SpaceportServer server = SpaceportServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
        Path.of(args[0]), url, user, null, args[1], 0, ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT,
        LogFormat.TEXT).withMaxConcurrentRequestsPerKey(0));
    System.out.println("PORT " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
