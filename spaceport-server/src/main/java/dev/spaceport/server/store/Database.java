package dev.spaceport.server.store;

/**
 * The store: transactions over SQLite or PostgreSQL. {@link #write} transactions are atomic and
 * durable when they return; {@link #read} transactions see one consistent snapshot.
 */
public interface Database extends AutoCloseable {

  <T> T read(TxWork<T> work);

  <T> T write(TxWork<T> work);

  Dialect dialect();

  /** True when a trivial query succeeds; used by {@code /readyz}. */
  boolean isReachable();

  @Override
  void close();
}
