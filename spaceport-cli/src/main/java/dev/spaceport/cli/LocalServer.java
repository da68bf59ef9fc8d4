package dev.spaceport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * How the CLI finds a server started by {@code spaceport serve} on the same machine: serve writes
 * {@code <data-dir>/server.json} ({@code {"host", "port", "scheme"}}) next to
 * {@code <data-dir>/admin-api-key}, and removes it when it stops.
 *
 * @param host where to connect: a wildcard bind address is replaced by the loopback address
 */
record LocalServer(String host, int port, String scheme) {

  static final String FILE = "server.json";
  static final String KEY_FILE = "admin-api-key";

  /** {@code host:port}, with an IPv6 literal in brackets. */
  String hostAndPort() {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The server a client should use to reach a server bound to {@code bindHost}. */
  static LocalServer forBind(String bindHost, int port) {
    String host = switch (bindHost) {
      case "0.0.0.0", "" -> "127.0.0.1";
      case "::", "[::]", "0:0:0:0:0:0:0:0" -> "::1";
      default -> bindHost;
    };
    return new LocalServer(host, port, "http");
  }

  static Optional<LocalServer> read(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = CliJson.MAPPER.readTree(file.toFile());
      String host = node.path("host").asText("");
      int port = node.path("port").asInt(0);
      String scheme = node.path("scheme").asText("http");
      if (host.isEmpty() || port <= 0) {
        return Optional.empty();
      }
      return Optional.of(new LocalServer(host, port, scheme));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The admin key that serve generated on its first start, if that file is there. */
  static Optional<String> adminKey(Path dataDir) {
    Path file = dataDir.resolve(KEY_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String key = Files.readString(file, StandardCharsets.UTF_8).strip();
      return key.isEmpty() ? Optional.empty() : Optional.of(key);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Writes {@code <dataDir>/server.json} atomically. */
  void write(Path dataDir) {
    ObjectNode node = CliJson.MAPPER.createObjectNode()
        .put("host", host).put("port", port).put("scheme", scheme);
    try {
      Files.createDirectories(dataDir);
      Path tmp = Files.createTempFile(dataDir, ".server", ".tmp");
      try {
        Files.writeString(tmp, node.toPrettyString() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE), e);
    }
  }

  /** Removes {@code server.json} if it still describes this server (not a newer one). */
  void remove(Path dataDir) {
    if (read(dataDir).filter(this::equals).isPresent()) {
      try {
        Files.deleteIfExists(dataDir.resolve(FILE));
      } catch (IOException e) {
        // best effort: a stale file only makes the CLI report "cannot reach"
      }
    }
  }
}
