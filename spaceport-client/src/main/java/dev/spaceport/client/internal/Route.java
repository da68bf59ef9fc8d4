package dev.spaceport.client.internal;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes: scheme, host and port. Connections are pooled per route.
 *
 * @param tls whether the scheme is {@code https}
 * @param host the host as the URI spells it (an IPv6 literal keeps its brackets)
 * @param port the port, the scheme's default filled in
 */
record Route(boolean tls, String host, int port) {

  static Route of(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("unsupported URI scheme (http or https): " + uri);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URI without a host: " + uri);
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
    return new Route(tls, uri.getHost(), port);
  }

  /** The host to resolve and to verify the certificate against: without IPv6 brackets. */
  String address() {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
        : host;
  }

  /** The {@code Host} header: the port only when it is not the scheme's default. */
  String hostHeader() {
    return port == (tls ? 443 : 80) ? host : host + ":" + port;
  }

  @Override
  public String toString() {
    return (tls ? "https://" : "http://") + host + ":" + port;
  }
}
