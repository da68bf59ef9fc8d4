package dev.spaceport.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * PostgreSQL through a HikariCP pool, for several stateless server nodes on one database. Every
 * connection runs with a statement timeout and synchronous commit, so an acknowledged write is on
 * disk and no query holds a connection forever.
 */
public final class PostgresDatabase implements Database {

  private static final int POOL_SIZE = 16;
  private static final int STATEMENT_TIMEOUT_MS = 5_000;

  private final HikariDataSource pool;
  private final Transactions transactions;

  public PostgresDatabase(String url, String user, String password) {
    this(url, user, password, new CompositeMeterRegistry());
  }

  /** @param metrics where transaction and pool metrics go */
  public PostgresDatabase(String url, String user, String password, MeterRegistry metrics) {
    this.transactions = new Transactions(Dialect.POSTGRES, null, metrics);
    HikariConfig config = new HikariConfig();
    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    config.setPoolName("postgres");
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setAutoCommit(false);
    // plan_cache_mode stays at its default: the statements whose plan depends on their arguments
    // (name filters) ask for a plan per use themselves (Tx.Statement.plannedPerUse), and every
    // other statement keeps the plan PostgreSQL caches for it.
    config.setConnectionInitSql("SET statement_timeout = " + STATEMENT_TIMEOUT_MS
        + "; SET synchronous_commit = on");
    this.pool = new HikariDataSource(config);
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public <T> T read(TxWork<T> work) {
    try (Connection c = pool.getConnection()) {
      return transactions.read(c, work);
    } catch (SQLException e) {
      throw new StoreException("cannot get a database connection: " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T readEach(TxWork<T> work) {
    try (Connection c = pool.getConnection()) {
      return transactions.autocommitRead(c, work);
    } catch (SQLException e) {
      throw new StoreException("cannot get a database connection: " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T write(TxWork<T> work) {
    Tx open = transactions.currentWrite();
    if (open != null) {
      return transactions.join(open, work);
    }
    return inTransaction(work);
  }

  private <T> T inTransaction(TxWork<T> work) {
    try (Connection c = pool.getConnection()) {
      return transactions.write(c, work);
    } catch (SQLException e) {
      throw new StoreException("cannot get a database connection: " + e.getMessage(), e);
    }
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRES;
  }

  @Override
  public boolean isReachable() {
    try {
      return read(tx -> tx.exists("SELECT 1"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
