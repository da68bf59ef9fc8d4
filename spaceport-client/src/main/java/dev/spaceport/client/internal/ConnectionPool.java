package dev.spaceport.client.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle keep-alive connections per route. A caller takes one (the most recently used, the least
 * likely to have been closed by the server) or opens its own, and returns it after reading a whole
 * response. At most {@code maxIdlePerRoute} wait per route; one idle longer than {@code maxIdle}
 * is closed instead of reused. No background thread: expiry happens as connections come and go.
 * Sockets are closed outside the lock.
 */
final class ConnectionPool implements AutoCloseable {

  private final int maxIdlePerRoute;
  private final long maxIdleNanos;
  private final Map<Route, ArrayDeque<HttpConnection>> idle = new HashMap<>();
  private boolean closed;

  ConnectionPool(int maxIdlePerRoute, Duration maxIdle) {
    if (maxIdlePerRoute < 0) {
      throw new IllegalArgumentException("maxIdlePerRoute must be >= 0");
    }
    this.maxIdlePerRoute = maxIdlePerRoute;
    this.maxIdleNanos = maxIdle.toNanos();
  }

  /** An idle connection to {@code route} that still looks alive, or null when there is none. */
  HttpConnection take(Route route) {
    while (true) {
      HttpConnection connection;
      synchronized (this) {
        ArrayDeque<HttpConnection> queue = idle.get(route);
        connection = queue == null ? null : queue.pollFirst();
      }
      if (connection == null) {
        return null;
      }
      if (System.nanoTime() - connection.idleSince() < maxIdleNanos
          && connection.looksAlive()) {
        return connection;
      }
      connection.close();
    }
  }

  /** Takes back a connection whose last response was read completely and may be reused. */
  void release(HttpConnection connection) {
    long now = System.nanoTime();
    connection.idleSince(now);
    List<HttpConnection> toClose = new ArrayList<>(0);
    synchronized (this) {
      if (closed || maxIdlePerRoute == 0) {
        toClose.add(connection);
      } else {
        ArrayDeque<HttpConnection> queue = idle.computeIfAbsent(connection.route(),
            r -> new ArrayDeque<>());
        queue.addFirst(connection);
        // The oldest wait at the tail: drop the expired ones and any beyond the bound.
        while (!queue.isEmpty() && (queue.size() > maxIdlePerRoute
            || now - queue.peekLast().idleSince() >= maxIdleNanos)) {
          toClose.add(queue.pollLast());
        }
      }
    }
    toClose.forEach(HttpConnection::close);
  }

  /** How many connections wait idle, over all routes. */
  synchronized int idleCount() {
    return idle.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  /** Closes the idle connections; connections in use are closed when they come back. */
  @Override
  public void close() {
    List<HttpConnection> toClose = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(toClose::addAll);
      idle.clear();
    }
    toClose.forEach(HttpConnection::close);
  }
}
