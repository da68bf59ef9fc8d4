package dev.spaceport.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server node in a child JVM ({@link ServerMain}), which a test can kill with SIGKILL. The first
 * node a test JVM starts records a class-data-sharing archive when it exits normally; later nodes
 * start from it, which roughly halves their start-up time (crash tests start hundreds).
 */
public final class ServerProcess implements AutoCloseable {

  private static final Path CDS_ARCHIVE = Path.of(System.getProperty("java.io.tmpdir"),
      "spaceport-test-" + ProcessHandle.current().pid() + ".jsa");
  private static boolean archiveRequested;

  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a node on {@code dataDir} (SQLite) or on a PostgreSQL URL; waits until it serves. */
  public static ServerProcess start(Path dataDir, String databaseUrl, String databaseUser) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m", cdsOption(),
        "-Dlogback.configurationFile=logback-quiet.xml",
        "-cp", System.getProperty("java.class.path"),
        ServerMain.class.getName(), dataDir.toString()));
    if (databaseUrl != null) {
      command.add(databaseUrl);
      command.add(databaseUser);
    }
    try {
      Process process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("PORT ")) {
          return new ServerProcess(process, Integer.parseInt(line.substring(5).trim()));
        }
      }
      process.destroyForcibly();
      throw new IllegalStateException("server process exited before serving: "
          + process.waitFor());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static synchronized String cdsOption() {
    if (Files.exists(CDS_ARCHIVE)) {
      return "-XX:SharedArchiveFile=" + CDS_ARCHIVE;
    }
    if (!archiveRequested) {
      archiveRequested = true;
      CDS_ARCHIVE.toFile().deleteOnExit();
      return "-XX:ArchiveClassesAtExit=" + CDS_ARCHIVE;
    }
    return "-Xshare:auto";
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Api admin() {
    return new Api(baseUrl(), TestServer.ADMIN_KEY);
  }

  /** SIGKILL: no shutdown hooks, no flushing, nothing but what the store already made durable. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM and wait: a normal exit (which also writes the class-data archive, if due). */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }
}
