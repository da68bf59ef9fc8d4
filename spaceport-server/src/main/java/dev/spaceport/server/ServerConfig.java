package dev.spaceport.server;

import dev.spaceport.server.ops.LogFormat;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server needs to start, already resolved from flags, environment, the
 * configuration file and defaults ({@link dev.spaceport.server.config.ConfigResolver} does that
 * resolution).
 *
 * @param databaseUrl a {@code jdbc:postgresql:} URL, or null for the embedded SQLite file
 * @param adminApiKey the bootstrap admin key to use on first start, or null to generate one
 * @param rateLimit requests per second per API key (bursts up to twice that); 0 turns it off
 * @param maxConcurrentRequestsPerKey how many requests one API key may have in progress on this
 *     node at once; 0 turns the cap off
 * @param shutdownTimeout how long {@link SpaceportServer#close()} lets in-flight requests finish
 * @param logFormat the process's log format, or null to leave logging as it is configured
 */
public record ServerConfig(String host, int port, Path dataDir, String databaseUrl,
    String databaseUser, String databasePassword, String adminApiKey, int rateLimit,
    int maxConcurrentRequestsPerKey, Duration shutdownTimeout, LogFormat logFormat) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_RATE_LIMIT = 1000;
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS_PER_KEY = 32;
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  public static final int MIN_ADMIN_KEY_LENGTH = 16;

  /** A configuration with the default rate limit. */
  public ServerConfig(String host, int port, Path dataDir, String databaseUrl,
      String databaseUser, String databasePassword, String adminApiKey) {
    this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, adminApiKey,
        DEFAULT_RATE_LIMIT);
  }

  /**
   * A configuration with the default concurrency cap and shutdown timeout that leaves logging
   * alone.
   */
  public ServerConfig(String host, int port, Path dataDir, String databaseUrl,
      String databaseUser, String databasePassword, String adminApiKey, int rateLimit) {
    this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, adminApiKey,
        rateLimit, DEFAULT_SHUTDOWN_TIMEOUT, null);
  }

  /** A configuration with the default concurrency cap. */
  public ServerConfig(String host, int port, Path dataDir, String databaseUrl,
      String databaseUser, String databasePassword, String adminApiKey, int rateLimit,
      Duration shutdownTimeout, LogFormat logFormat) {
    this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, adminApiKey,
        rateLimit, DEFAULT_MAX_CONCURRENT_REQUESTS_PER_KEY, shutdownTimeout, logFormat);
  }

  public ServerConfig {
    if (rateLimit < 0) {
      throw new IllegalArgumentException("rate limit must be >= 0 (0 turns it off)");
    }
    if (maxConcurrentRequestsPerKey < 0) {
      throw new IllegalArgumentException(
          "max concurrent requests per key must be >= 0 (0 turns the cap off)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (adminApiKey != null && adminApiKey.length() < MIN_ADMIN_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "SPACEPORT_ADMIN_API_KEY must be at least " + MIN_ADMIN_KEY_LENGTH + " characters");
    }
    if (shutdownTimeout == null) {
      shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdown timeout must be >= 0");
    }
  }

  public ServerConfig withRateLimit(int requestsPerSecond) {
    return new ServerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword,
        adminApiKey, requestsPerSecond, maxConcurrentRequestsPerKey, shutdownTimeout, logFormat);
  }

  /** The same settings with another per-key concurrency cap (0: no cap). */
  public ServerConfig withMaxConcurrentRequestsPerKey(int requests) {
    return new ServerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword,
        adminApiKey, rateLimit, requests, shutdownTimeout, logFormat);
  }

  public ServerConfig withShutdownTimeout(Duration timeout) {
    return new ServerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword,
        adminApiKey, rateLimit, maxConcurrentRequestsPerKey, timeout, logFormat);
  }

  public ServerConfig withLogFormat(LogFormat format) {
    return new ServerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword,
        adminApiKey, rateLimit, maxConcurrentRequestsPerKey, shutdownTimeout, format);
  }

  /** The same settings on another port (e.g. 0 for a free one). */
  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, dataDir, databaseUrl, databaseUser, databasePassword,
        adminApiKey, rateLimit, maxConcurrentRequestsPerKey, shutdownTimeout, logFormat);
  }

  /** An embedded server on {@code dataDir}, for tests and tools. */
  public static ServerConfig embedded(Path dataDir, int port, String adminApiKey) {
    return new ServerConfig(DEFAULT_HOST, port, dataDir, null, null, null, adminApiKey);
  }

  public static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".spaceport");
  }

  /** Never prints the password or the admin key. */
  @Override
  public String toString() {
    return "ServerConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir
        + ", databaseUrl=" + (databaseUrl == null ? null : "(set)") + ", databaseUser="
        + databaseUser + ", databasePassword=" + (databasePassword == null ? null : "(redacted)")
        + ", adminApiKey=" + (adminApiKey == null ? null : "(redacted)") + ", rateLimit="
        + rateLimit + ", maxConcurrentRequestsPerKey=" + maxConcurrentRequestsPerKey
        + ", shutdownTimeout=" + shutdownTimeout + ", logFormat=" + logFormat + "]";
  }
}
