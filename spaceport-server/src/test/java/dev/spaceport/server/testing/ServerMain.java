package dev.spaceport.server.testing;

import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import java.nio.file.Path;

/**
 * Runs one server node in its own JVM for tests that must kill a real process (SIGKILL, no
 * shutdown hooks). Arguments: data dir, then optionally a PostgreSQL URL and user. Prints
 * {@code PORT <n>} once it is serving.
 */
public final class ServerMain {

  private ServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path dataDir = Path.of(args[0]);
    String url = args.length > 1 ? args[1] : null;
    String user = args.length > 2 ? args[2] : null;
    SpaceportServer server = SpaceportServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0,
        dataDir, url, user, null, TestServer.ADMIN_KEY, 0).withMaxConcurrentRequestsPerKey(0));
    System.out.println("PORT " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
