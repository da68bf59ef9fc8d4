package dev.spaceport.server.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code jdbc:postgresql:} URL as the driver takes it, with one spelling added: libpq's Unix
 * socket. A {@code host} query parameter that is an absolute directory names the directory of the
 * server's socket, as {@code psql} reads it:
 * {@code jdbc:postgresql://localhost:5432/spaceport?host=/var/run/postgresql} connects through
 * {@code /var/run/postgresql/.s.PGSQL.5432} (the port from the URL, 5432 when it has none).
 *
 * <p>Why: a node on the database's own host pays for every round trip twice over TCP loopback —
 * the TCP stack on both sides. Through the socket a create costs PostgreSQL about a quarter less
 * CPU (bench/NOTES.md, "Tenth pass"). pgjdbc itself speaks only TCP, so the URL is rewritten to
 * its socket-factory form with junixsocket's factory.
 */
final class PostgresUrl {

  static final String SOCKET_FACTORY = "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg";
  private static final String PREFIX = "jdbc:postgresql:";
  private static final int DEFAULT_PORT = 5432;

  private PostgresUrl() {}

  /** The URL to give the driver: {@code url} itself unless it names a socket directory. */
  static String forDriver(String url) {
    int query = url.indexOf('?');
    if (query < 0 || !url.startsWith(PREFIX)) {
      return url;
    }
    List<String> kept = new ArrayList<>();
    String socketDirectory = null;
    for (String parameter : url.substring(query + 1).split("&")) {
      String value = parameter.startsWith("host=") ? decode(parameter.substring(5)) : null;
      if (value != null && value.startsWith("/")) {
        socketDirectory = value;
      } else if (!parameter.isEmpty()) {
        kept.add(parameter);
      }
    }
    if (socketDirectory == null) {
      return url;
    }
    if (kept.stream().anyMatch(p -> p.startsWith("socketFactory"))) {
      throw new IllegalArgumentException("database URL: a socket directory (host=/...) and a "
          + "socketFactory cannot both be given");
    }
    Address address = Address.of(url.substring(PREFIX.length(), query));
    String socket = socketDirectory.replaceAll("/+$", "") + "/.s.PGSQL." + address.port();
    kept.add("socketFactory=" + SOCKET_FACTORY);
    kept.add("socketFactoryArg=" + URLEncoder.encode(socket, StandardCharsets.UTF_8));
    // junixsocket's factory takes the connection for any address the driver passes it, as long as
    // its host is "localhost".
    return PREFIX + "//localhost:" + address.port() + "/" + address.database() + "?"
        + String.join("&", kept);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  /** The port and database of the URL's part before its query. */
  private record Address(int port, String database) {

    static Address of(String beforeQuery) {
      if (!beforeQuery.startsWith("//")) {
        return new Address(DEFAULT_PORT, beforeQuery); // jdbc:postgresql:database
      }
      int slash = beforeQuery.indexOf('/', 2);
      String authority = slash < 0 ? beforeQuery.substring(2) : beforeQuery.substring(2, slash);
      String database = slash < 0 ? "" : beforeQuery.substring(slash + 1);
      if (authority.contains(",")) {
        throw new IllegalArgumentException(
            "database URL: a socket directory (host=/...) takes one host, not a list");
      }
      int colon = authority.lastIndexOf(':');
      if (colon < 0 || authority.endsWith("]")) {
        return new Address(DEFAULT_PORT, database);
      }
      try {
        return new Address(Integer.parseInt(authority.substring(colon + 1)), database);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("database URL: the port is not a number", e);
      }
    }
  }
}
