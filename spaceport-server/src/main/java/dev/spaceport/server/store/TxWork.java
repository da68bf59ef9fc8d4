package dev.spaceport.server.store;

/** Work done inside one transaction; whatever it throws rolls the transaction back. */
@FunctionalInterface
public interface TxWork<T> {
  T run(Tx tx) throws java.sql.SQLException;
}
