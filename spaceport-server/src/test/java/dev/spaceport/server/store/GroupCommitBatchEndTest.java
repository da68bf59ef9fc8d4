package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.PostgresFixture;
import dev.spaceport.server.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a {@link GroupCommit} batch ends when two writers meet at its edges, staged one step at a
 * time: the second writer is known to be queued (the lane's {@link GroupCommit#load}) before the
 * first goes on, and a batch may stay open for a minute, so however slowly the staging runs, the
 * second joins the first's batch wherever it can. Each batch gets a connection of its own, as on
 * PostgreSQL.
 */
class GroupCommitBatchEndTest {

  /** PostgreSQL ends the session of the connection that runs this, failing the statement. */
  private static final String TERMINATE_OWN_SESSION =
      "SELECT pg_terminate_backend(pg_backend_pid())";

  @TempDir
  Path dir;
  private String url;
  private Dialect dialect;
  private GroupCommit lane;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void open() throws SQLException {
    dialect = TestServer.onPostgres() ? Dialect.POSTGRES : Dialect.SQLITE;
    url = dialect == Dialect.POSTGRES ? PostgresFixture.get().newDatabase()
        : "jdbc:sqlite:" + dir.resolve("t.db");
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v TEXT PRIMARY KEY)");
    }
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    lane = new GroupCommit(new GroupCommit.Connections() {
      @Override
      public Connection take() throws SQLException {
        Connection c = connect();
        c.setAutoCommit(false);
        return c;
      }

      @Override
      public void giveBack(Connection connection) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // a lost connection is already closed
        }
      }
    }, new Transactions(dialect, dialect == Dialect.SQLITE ? new StatementCaches() : null, metrics),
        32, TimeUnit.MINUTES.toNanos(1), metrics);
  }

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow(); // a writer still waiting for the next one stops waiting
    assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    lane.closeWith(() -> {}); // a batch left open by a failed test goes with its connection
  }

  @Test
  void aWriteThatCommitsInlineEndsItsBatchSoALaterFailureIsNotItsOwn() throws Exception {
    CountDownLatch firstCommitted = new CountDownLatch(1);
    Future<?> first = threads.submit(() -> lane.write(tx -> {
      tx.commitWith(new Tx.Statement("INSERT INTO t (v) VALUES ('first')"));
      firstCommitted.countDown();
      awaitQueued(2);
      return null;
    }));
    assertThat(firstCommitted.await(1, TimeUnit.MINUTES)).isTrue();
    // The worst failure a later write can have: on PostgreSQL it loses the connection, which
    // fails every unit of its batch. (SQLite's commitWith never commits inline, so there the
    // second write joins the first's batch and is undone alone: the same outcome, reached by
    // rolling back to the mark before it.)
    Throwable thrown = catchThrowable(() -> lane.write(tx -> {
      tx.update("INSERT INTO t (v) VALUES ('second')");
      if (dialect == Dialect.POSTGRES) {
        tx.exists(TERMINATE_OWN_SESSION);
      }
      throw new IllegalStateException("the second write fails");
    }));
    assertThat(thrown).isInstanceOf(dialect == Dialect.POSTGRES ? StoreException.class
        : IllegalStateException.class);

    first.get(1, TimeUnit.MINUTES);
    assertThat(rows()).containsExactly("first");
  }

  @Test
  void aWriteThatThrowsAfterCommitWithInASharedBatchIsNeverCommitted() throws Exception {
    Future<?> first = firstWriteAwaitingTheNext();
    Throwable thrown = catchThrowable(() -> lane.write(tx -> {
      tx.commitWith(new Tx.Statement("INSERT INTO t (v) VALUES ('second')"));
      throw new IllegalStateException("the second write fails after its statements went");
    }));
    // On PostgreSQL it comes back as the cause of its batch's failure.
    assertThat(thrown).isNotNull();
    Throwable root = thrown;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertThat(root).hasMessage("the second write fails after its statements went");

    if (dialect == Dialect.POSTGRES) {
      // Its statements went out with the mark that ends it, so it cannot be undone alone: the
      // first write, not acknowledged yet, fails with it rather than be committed with it.
      assertThatThrownBy(() -> first.get(1, TimeUnit.MINUTES))
          .hasRootCauseMessage("the second write fails after its statements went");
      assertThat(rows()).isEmpty();
    } else {
      // SQLite's commitWith only runs the statements: the unit rolls back to the mark before it.
      first.get(1, TimeUnit.MINUTES);
      assertThat(rows()).containsExactly("first");
    }
    assertThat(writeOne("later")).isEqualTo(1);
    assertThat(rows()).containsExactlyElementsOf(dialect == Dialect.POSTGRES
        ? List.of("later") : List.of("first", "later"));
  }

  @Test
  void aConnectionLostUnderSeveralWritesFailsThemAllAndTheNextBatchGetsANewOne()
      throws Exception {
    assumeTrue(dialect == Dialect.POSTGRES, "a connection to lose");
    Future<?> first = firstWriteAwaitingTheNext();
    assertThatThrownBy(() -> lane.write(tx -> {
      tx.update("INSERT INTO t (v) VALUES ('second')");
      return tx.exists(TERMINATE_OWN_SESSION);
    })).isInstanceOf(StoreException.class);

    assertThatThrownBy(() -> first.get(1, TimeUnit.MINUTES))
        .hasCauseInstanceOf(StoreException.class);
    assertThat(rows()).isEmpty();
    assertThat(writeOne("after")).isEqualTo(1);
    assertThat(rows()).containsExactly("after");
  }

  /**
   * Starts a write that, once it holds the lane, waits for the next writer to queue and then
   * inserts 'first' and returns, leaving its batch open for that writer; returns once it is in.
   */
  private Future<?> firstWriteAwaitingTheNext() throws InterruptedException {
    CountDownLatch firstInside = new CountDownLatch(1);
    Future<?> first = threads.submit(() -> lane.write(tx -> {
      firstInside.countDown();
      awaitQueued(2);
      return tx.update("INSERT INTO t (v) VALUES ('first')");
    }));
    assertThat(firstInside.await(1, TimeUnit.MINUTES)).isTrue();
    return first;
  }

  /** Waits until {@code writers} hold or wait for the lane (the writer holding it included). */
  private void awaitQueued(int writers) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (lane.load() < writers) {
      if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("the next writer never queued");
      }
      LockSupport.parkNanos(100_000);
    }
  }

  private int writeOne(String v) {
    return lane.write(tx -> tx.update("INSERT INTO t (v) VALUES (?)", v));
  }

  private Connection connect() throws SQLException {
    return dialect == Dialect.POSTGRES ? DriverManager.getConnection(url, "postgres", "")
        : DriverManager.getConnection(url);
  }

  private List<String> rows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM t ORDER BY v")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
