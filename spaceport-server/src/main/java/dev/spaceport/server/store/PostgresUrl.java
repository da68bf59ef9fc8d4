package dev.spaceport.server.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;

/**
 * A {@code jdbc:postgresql:} URL as the driver takes it, with one spelling added: libpq's Unix
 * socket. A host that is an absolute directory names the directory of the server's socket, as
 * {@code psql} reads it:
 * {@code jdbc:postgresql://localhost:5432/spaceport?host=/var/run/postgresql} connects through
 * {@code /var/run/postgresql/.s.PGSQL.5432}. Host and port are read as pgjdbc reads them
 * ({@link Driver#parseURL}: a {@code host} or {@code port} parameter, in any case, overrides the
 * URL's own; 5432 when there is none), so the socket is the one its port names.
 *
 * <p>Why: a node on the database's own host pays for every round trip twice over TCP loopback —
 * the TCP stack on both sides. Through the socket a create costs PostgreSQL about a quarter less
 * CPU (bench/NOTES.md, "Tenth pass"). pgjdbc itself speaks only TCP, so the URL is rewritten to
 * its socket-factory form with junixsocket's factory, and with {@code sslmode=disable}: PostgreSQL
 * offers no TLS on a socket (libpq ignores {@code sslmode} there; pgjdbc would fail).
 */
final class PostgresUrl {

  static final String SOCKET_FACTORY = "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg";
  private static final String PREFIX = "jdbc:postgresql:";
  /** Parameters the rewritten URL sets itself, or that would contradict it (lower case). */
  private static final Set<String> REPLACED = Set.of("host", "port", "pghost", "pgport", "ssl",
      "sslmode");

  /**
   * The URL to give the driver, and the socket it connects through (null over TCP).
   *
   * @param driverUrl the URL itself unless its host is a socket directory
   */
  record Resolved(String driverUrl, Path socket) {}

  private PostgresUrl() {}

  static Resolved resolve(String url) {
    Properties parsed = url.startsWith(PREFIX) ? Driver.parseURL(url, null) : null;
    String host = parsed == null ? "" : parsed.getProperty("PGHOST", "");
    if (!host.startsWith("/")) {
      return new Resolved(url, null); // TCP, or a URL the driver will refuse in its own words
    }
    String port = parsed.getProperty("PGPORT");
    if (host.contains(",") || port.contains(",")) {
      throw new IllegalArgumentException(
          "database URL: a socket directory (host=/...) takes one host, not a list");
    }
    List<String> kept = new ArrayList<>();
    int query = url.indexOf('?');
    for (String parameter : query < 0 ? new String[0] : url.substring(query + 1).split("&")) {
      String key = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
      if (key.startsWith("socketfactory")) {
        throw new IllegalArgumentException("database URL: a socket directory (host=/...) and a "
            + "socketFactory cannot both be given");
      }
      if (!parameter.isEmpty() && !REPLACED.contains(key)) {
        kept.add(parameter);
      }
    }
    Path socket = Path.of(host).resolve(".s.PGSQL." + port);
    kept.add("sslmode=disable");
    kept.add("socketFactory=" + SOCKET_FACTORY);
    kept.add("socketFactoryArg=" + encode(socket.toString()));
    // junixsocket's factory takes the connection for any address the driver passes it, as long as
    // its host is "localhost".
    return new Resolved(PREFIX + "//localhost:" + port + "/"
        + encode(parsed.getProperty("PGDBNAME", "")) + "?" + String.join("&", kept), socket);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
