package dev.spaceport.cli;

import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.TestServer;

/** One real server for all CLI tests in this JVM (started on first use, closed at exit). */
final class SharedServer {

  private static TestServer server;

  private SharedServer() {}

  static synchronized TestServer get() {
    if (server == null) {
      server = TestServer.start();
      TestServer started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return server;
  }

  static Fixtures fixtures() {
    return get().fixtures();
  }

  static String unique(String prefix) {
    return Fixtures.unique(prefix);
  }
}
