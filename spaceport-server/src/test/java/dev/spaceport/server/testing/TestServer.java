package dev.spaceport.server.testing;

import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The real server, in process, on a random port, with a fresh store: a new SQLite file in a
 * temporary directory, or — when the system property {@code spaceport.test.store} is
 * {@code postgres} — a new database in the test JVM's throwaway PostgreSQL. Close it to stop the
 * server and delete the directory.
 */
public final class TestServer implements AutoCloseable {

  public static final String ADMIN_KEY = "test-admin-key-0123456789";

  private final Path dataDir;
  private final ServerConfig config;
  private final SpaceportServer server;

  private TestServer(Path dataDir, ServerConfig config, SpaceportServer server) {
    this.dataDir = dataDir;
    this.config = config;
    this.server = server;
  }

  /**
   * A server with throttling off (neither a rate limit nor a cap on requests in progress), so
   * load-shaped tests (concurrent creates, cursor walks) measure what they mean to;
   * {@link #start(int)} and {@link #start(int, int)} turn it on.
   */
  public static TestServer start() {
    return start(0);
  }

  /**
   * A server that throttles each API key to {@code rateLimit} requests per second (no cap on
   * requests in progress).
   */
  public static TestServer start(int rateLimit) {
    return start(rateLimit, 0);
  }

  /**
   * A server that throttles each API key to {@code rateLimit} requests per second (0: no limit)
   * and {@code maxConcurrentRequestsPerKey} requests in progress at once (0: no cap).
   */
  public static TestServer start(int rateLimit, int maxConcurrentRequestsPerKey) {
    try {
      Path dir = Files.createTempDirectory("spaceport-test-");
      ServerConfig config = config(dir).withRateLimit(rateLimit)
          .withMaxConcurrentRequestsPerKey(maxConcurrentRequestsPerKey);
      return new TestServer(dir, config, SpaceportServer.start(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Another server node on this node's database (PostgreSQL only: SQLite is one node). Close it
   * on its own; closing it leaves this node and the database alone.
   */
  public TestServer anotherNode() {
    if (config.databaseUrl() == null) {
      throw new IllegalStateException("several nodes need PostgreSQL; SQLite is single-node");
    }
    try {
      Path dir = Files.createTempDirectory("spaceport-node-");
      ServerConfig nodeConfig = new ServerConfig(config.host(), 0, dir, config.databaseUrl(),
          config.databaseUser(), config.databasePassword(), ADMIN_KEY, config.rateLimit())
          .withMaxConcurrentRequestsPerKey(config.maxConcurrentRequestsPerKey());
      return new TestServer(dir, nodeConfig, SpaceportServer.start(nodeConfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configuration this node runs with. */
  public ServerConfig config() {
    return config;
  }

  /** True when this test run stores in PostgreSQL rather than SQLite. */
  public static boolean onPostgres() {
    return "postgres".equals(System.getProperty("spaceport.test.store"));
  }

  /**
   * The configuration of a fresh store (a new temporary directory, and a new PostgreSQL database
   * when the run is on PostgreSQL), throttling off, for tests that start and stop
   * {@link SpaceportServer} themselves — e.g. to reopen the same store after a shutdown.
   */
  public static ServerConfig freshConfig() {
    try {
      return config(Files.createTempDirectory("spaceport-test-")).withRateLimit(0)
          .withMaxConcurrentRequestsPerKey(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ServerConfig config(Path dir) {
    if (!onPostgres()) {
      return ServerConfig.embedded(dir, 0, ADMIN_KEY);
    }
    return new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir,
        PostgresFixture.get().newDatabase(), "postgres", null, ADMIN_KEY);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public int port() {
    return server.port();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The JDBC URL of this server's store (its SQLite file or PostgreSQL database). */
  public String jdbcUrl() {
    return config.databaseUrl() != null ? config.databaseUrl()
        : "jdbc:sqlite:" + dataDir.resolve("spaceport.db").toAbsolutePath();
  }

  /** The database user for {@link #jdbcUrl()}, or null (SQLite). */
  public String jdbcUser() {
    return config.databaseUser();
  }

  /** A client holding the bootstrap account admin's key. */
  public Api admin() {
    return new Api(baseUrl(), ADMIN_KEY);
  }

  public Fixtures fixtures() {
    return new Fixtures(admin());
  }

  @Override
  public void close() {
    server.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
