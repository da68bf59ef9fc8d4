package dev.spaceport.server;

import java.nio.file.Path;

/**
 * Everything the server needs to start, already resolved from flags, environment and defaults
 * (the CLI does that resolution).
 *
 * @param databaseUrl a {@code jdbc:postgresql:} URL, or null for the embedded SQLite file
 * @param adminApiKey the bootstrap admin key to use on first start, or null to generate one
 * @param rateLimit requests per second per API key (bursts up to twice that); 0 turns it off
 */
public record ServerConfig(String host, int port, Path dataDir, String databaseUrl,
    String databaseUser, String databasePassword, String adminApiKey, int rateLimit) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_RATE_LIMIT = 1000;
  public static final int MIN_ADMIN_KEY_LENGTH = 16;

  /** A configuration with the default rate limit. */
  public ServerConfig(String host, int port, Path dataDir, String databaseUrl,
      String databaseUser, String databasePassword, String adminApiKey) {
    this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, adminApiKey,
        DEFAULT_RATE_LIMIT);
  }

  public ServerConfig {
    if (rateLimit < 0) {
      throw new IllegalArgumentException("rate limit must be >= 0 (0 turns it off)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (adminApiKey != null && adminApiKey.length() < MIN_ADMIN_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "SPACEPORT_ADMIN_API_KEY must be at least " + MIN_ADMIN_KEY_LENGTH + " characters");
    }
  }

  public ServerConfig withRateLimit(int requestsPerSecond) {
    return new ServerConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword,
        adminApiKey, requestsPerSecond);
  }

  /** An embedded server on {@code dataDir}, for tests and tools. */
  public static ServerConfig embedded(Path dataDir, int port, String adminApiKey) {
    return new ServerConfig(DEFAULT_HOST, port, dataDir, null, null, null, adminApiKey);
  }

  public static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".spaceport");
  }
}
