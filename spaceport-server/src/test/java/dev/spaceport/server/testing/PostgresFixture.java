package dev.spaceport.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL 15 from the machine's own binaries, started once per test JVM on a free
 * port and a temporary data directory, stopped (and deleted) when the JVM exits. Each
 * {@link #newDatabase()} is a fresh, empty database in it. PostgreSQL refuses to run as root, so
 * when the tests run as root its programs run as the {@code postgres} user.
 */
public final class PostgresFixture {

  private static final String BIN_DIR = System.getProperty("spaceport.test.pg.bin",
      "/usr/lib/postgresql/15/bin");
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresFixture instance;

  private final Path dir;
  private final int port;

  private PostgresFixture(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** The JVM's PostgreSQL, started on first use. */
  public static synchronized PostgresFixture get() {
    if (instance == null) {
      instance = start();
      PostgresFixture started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-fixture-stop"));
    }
    return instance;
  }

  /** A new empty database; returns its JDBC URL (user {@code postgres}, no password). */
  public String newDatabase() {
    String name = "spaceport_test_" + ProcessHandle.current().pid() + "_"
        + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  /** The process ID of the server's postmaster, whose children are its backends. */
  public long postmasterPid() {
    try {
      return Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid"))
          .get(0).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read postmaster.pid", e);
    }
  }

  /** The directory of the server's Unix socket ({@code .s.PGSQL.<port>}). */
  public Path socketDirectory() {
    return dir;
  }

  private static PostgresFixture start() {
    try {
      Path dir = Files.createTempDirectory("spaceport-pg-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      Path data = dir.resolve("data");
      run(List.of(bin("initdb"), "-D", data.toString(), "-U", "postgres", "--auth=trust",
          "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"), dir);
      // A free port is only free until someone takes it: chosen just before the start, and
      // chosen again if another process took it in between.
      for (int attempt = 1; ; attempt++) {
        int port = freePort();
        try {
          run(List.of(bin("pg_ctl"), "-D", data.toString(), "-l",
              dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
              "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=on "
                  + "-c max_connections=300 -c shared_buffers=128MB",
              "start"), dir);
          System.err.println("test PostgreSQL started on 127.0.0.1:" + port + " in " + dir);
          return new PostgresFixture(dir, port);
        } catch (IllegalStateException e) {
          if (attempt == 3 || !portWasTaken(dir.resolve("postgres.log"))) {
            throw e;
          }
          System.err.println("test PostgreSQL did not start on port " + port
              + "; trying another: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test PostgreSQL", e);
    }
  }

  /** Whether the server's log says it could not listen on its port (another process has it). */
  private static boolean portWasTaken(Path log) {
    try {
      String text = Files.readString(log);
      return text.contains("could not bind") || text.contains("Address already in use");
    } catch (IOException e) {
      return false;
    }
  }

  private void stop() {
    try {
      run(List.of(bin("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
          "stop"), dir);
    } catch (RuntimeException e) {
      System.err.println("stopping the test PostgreSQL failed: " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("cannot delete " + dir + ": " + e.getMessage());
    }
  }

  private static String bin(String program) {
    return Path.of(BIN_DIR, program).toString();
  }

  private static void run(List<String> command, Path workDir) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      Process p = new ProcessBuilder(full).directory(workDir.toFile())
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
