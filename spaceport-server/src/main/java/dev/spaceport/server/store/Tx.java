package dev.spaceport.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One transaction, open until its owner ends it or {@link #commitWith} does: plain JDBC with the
 * boilerplate taken out. Parameters bind positionally; {@code null}, strings, longs, ints and
 * booleans are all a store needs.
 */
public final class Tx {

  /**
   * A {@code LIMIT} taken from a bound parameter, for {@code "… ORDER BY x " + Tx.LIMIT}. SQLite
   * plans a bare {@code LIMIT ?} for the value bound to it, so binding that parameter again marks
   * the statement stale and its next run compiles it anew: every run of a cached statement
   * ({@link StatementCache}), which cost a "my spaces" page about a third of its server CPU. The
   * cast keeps the value out of the plan, so the planner no longer knows the limit; the list
   * benchmarks at 1,000 to 1,000,000 spaces kept their scale invariance and p99s without it
   * (bench/NOTES.md, "Seventh pass"). PostgreSQL reads it as a plain {@code LIMIT}.
   */
  public static final String LIMIT = "LIMIT CAST(? AS INTEGER)";

  private static final Statement COMMIT = new Statement("COMMIT");

  private final Connection connection;
  private final Dialect dialect;
  private final StatementCache statements;
  /** The group commit's transaction this is a unit of, or null (a read, a test's own). */
  private final SharedTransaction shared;
  /** How {@link #commitWith} ended this unit's statements. */
  private Ending ending = Ending.NOT_YET;
  /** How many joined works ({@link Transactions#join}) are running in this transaction now. */
  private int joinDepth;
  /**
   * The join depth at which {@link #commitWith} ran, or {@link Integer#MAX_VALUE}: statements at
   * that depth or deeper are refused, on every store alike, until that joined work has returned.
   */
  private int finishedAtDepth = Integer.MAX_VALUE;

  /**
   * @param statements where statements are kept for reuse, or null to prepare each anew
   * @param shared the group commit's transaction this is a unit of, which decides whether
   *     {@link #commitWith} may end it ({@link SharedTransaction#unitMayCommit}); null for a read
   */
  Tx(Connection connection, Dialect dialect, StatementCache statements,
      SharedTransaction shared) {
    this.connection = connection;
    this.dialect = dialect;
    this.statements = statements;
    this.shared = shared;
  }

  /** What {@link #commitWith} sent after a unit's last statements. */
  private enum Ending {
    /** Nothing yet, or no {@code commitWith}: the statements only ran. */
    NOT_YET,
    /** {@code COMMIT}: the unit ended the transaction. */
    COMMITTED,
    /** The savepoint that marks where this unit ends ({@link SharedTransaction}). */
    MARKED
  }

  public Dialect dialect() {
    return dialect;
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
    return query(new Statement(sql, args), mapper);
  }

  public <T> List<T> query(Statement statement, RowMapper<T> mapper) throws SQLException {
    return run(statement, ps -> {
      try (ResultSet rs = ps.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
        return rows;
      }
    });
  }

  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args)
      throws SQLException {
    return queryOne(new Statement(sql, args), mapper);
  }

  public <T> Optional<T> queryOne(Statement statement, RowMapper<T> mapper) throws SQLException {
    return run(statement, ps -> {
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
      }
    });
  }

  public boolean exists(String sql, Object... args) throws SQLException {
    return run(sql, args, ps -> {
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
  }

  /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it touched. */
  public int update(String sql, Object... args) throws SQLException {
    try {
      return run(sql, args, PreparedStatement::executeUpdate);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /**
   * Runs INSERT, UPDATE and DELETE statements in order, for writes that need nothing back from one
   * another. On PostgreSQL they go to the server together, in one round trip
   * ({@link Dialect#sendsStatementsTogether}); a failing one fails the call (and so the
   * transaction) as {@link #update} would.
   */
  public void updateAll(Statement... statements) throws SQLException {
    if (statements.length > 1 && dialect.sendsStatementsTogether()) {
      sendTogether(statements);
      return;
    }
    for (Statement statement : statements) {
      update(statement.sql(), statement.args());
    }
  }

  /**
   * Runs a write's last statements, as {@link #updateAll} does, and commits: on PostgreSQL the
   * {@code COMMIT} goes to the server with them, in the same round trip (a space's create was four
   * round trips to the database and is two: bench/NOTES.md, "Eighth pass"). It must be the work's
   * last step: any statement after it is refused, and anything thrown after it cannot undo what is
   * committed. It commits only where ending the transaction is this work's to do: a unit alone in
   * a group commit's transaction while no other writer waits to join it ({@link GroupCommit}), and
   * not from work that an outer write has joined (an {@code Idempotency-Key}'s record follows the
   * create in the same transaction). A unit that shares the transaction sends instead, with the
   * same statements, the savepoint that lets a later unit be undone alone; after that, too,
   * nothing thrown undoes this unit ({@link SharedTransaction}). Elsewhere, and always on SQLite,
   * the statements only run and the transaction commits when its owner ends it; later statements
   * of the same work are refused there too, so a misuse fails on every store and in every batch,
   * not only where it would commit early.
   */
  public void commitWith(Statement... statements) throws SQLException {
    for (Statement statement : statements) {
      if (statement.isRequirement() && (isJoined() || shared == null
          || !dialect.checksRequirements())) {
        // Failing, it would fail an outer write too; SQLite has no such function.
        throw new IllegalStateException(
            "a requirement needs a write of its own, in a lane, on PostgreSQL");
      }
    }
    if (joinDepth == 0 && shared != null && dialect.sendsStatementsTogether()) {
      boolean commit = shared.unitMayCommit();
      Statement[] last = commit ? new Statement[] {COMMIT} : shared.markStatements();
      Statement[] all = Arrays.copyOf(statements, statements.length + last.length);
      System.arraycopy(last, 0, all, statements.length, last.length);
      sendTogether(all);
      ending = commit ? Ending.COMMITTED : Ending.MARKED;
    } else {
      updateAll(statements);
    }
    finishedAtDepth = joinDepth;
  }

  /**
   * Whether this work runs joined to an outer write's transaction ({@link Transactions#join}): a
   * statement that fails here fails the outer write too, which the work cannot undo alone.
   */
  public boolean isJoined() {
    return joinDepth > 0;
  }

  /** Whether {@link #commitWith} committed the transaction. */
  boolean committed() {
    return ending == Ending.COMMITTED;
  }

  /**
   * Whether {@link #commitWith} sent, with the unit's last statements, the mark that lets a later
   * unit of the same transaction be undone alone ({@link SharedTransaction}).
   */
  boolean markedItsEnd() {
    return ending == Ending.MARKED;
  }

  /** Runs {@code work} as a joined part of this transaction ({@link Transactions#join}). */
  <T> T runJoined(TxWork<T> work) throws SQLException {
    joinDepth++;
    try {
      return work.run(this);
    } finally {
      joinDepth--;
      if (joinDepth < finishedAtDepth) {
        finishedAtDepth = Integer.MAX_VALUE; // the work that finished has returned
      }
    }
  }

  /**
   * Sends the statements as one query of several, which the driver sends in one round trip. Run
   * with {@code execute} rather than {@code executeUpdate}, which refuses a query that returns
   * rows: a {@linkplain Statement#require requirement} is a {@code SELECT}.
   */
  private void sendTogether(Statement... statements) throws SQLException {
    // planPerUse is not consulted: it is for reads whose plan depends on their arguments.
    StringBuilder sql = new StringBuilder();
    List<Object> args = new ArrayList<>();
    for (Statement statement : statements) {
      sql.append(sql.length() == 0 ? "" : ";\n").append(statement.sql());
      args.addAll(Arrays.asList(statement.args()));
    }
    try {
      run(sql.toString(), args.toArray(), PreparedStatement::execute);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /**
   * One statement and its arguments, built in one place and run in another
   * ({@link #query(Statement, RowMapper)}, {@link #updateAll}, {@link #commitWith}).
   *
   * @param planPerUse whether the best plan depends on the arguments, so that the store must plan
   *     each use for its own arguments ({@link #plannedPerUse()})
   */
  public record Statement(String sql, boolean planPerUse, Object[] args) {

    private static final String REQUIRE = "SELECT spaceport_require(";

    public Statement(String sql, Object... args) {
      this(sql, false, args);
    }

    /**
     * This statement, planned for its own arguments on every use. For statements whose arguments
     * decide which index pays off (a {@code LIKE} pattern: a rare term wants the trigram index, a
     * common one the list order): PostgreSQL may otherwise settle, after a few uses of a
     * server-prepared statement, on one generic plan that does not know the pattern
     * ({@link Dialect#planEachUse}).
     */
    public Statement plannedPerUse() {
      return new Statement(sql, true, args);
    }

    /**
     * A statement that fails the write it runs in with {@link RequirementFailed} when
     * {@code condition}, an SQL boolean expression over {@code args}, does not hold as it runs.
     * It lets a write prepared on what the server remembered carry its check with its other
     * statements, in one round trip ({@link #commitWith}), instead of reading first. PostgreSQL
     * only ({@link Dialect#checksRequirements}): the function is its migration V22_1's.
     */
    public static Statement require(String condition, Object... args) {
      return new Statement(REQUIRE + condition + ")", args);
    }

    /** Whether this is a {@linkplain #require requirement}, which only {@link #commitWith} sends. */
    boolean isRequirement() {
      return sql.startsWith(REQUIRE);
    }
  }

  /** Runs an INSERT … RETURNING id and returns the new row's number. */
  public long insert(String sql, Object... args) throws SQLException {
    try {
      return run(sql + " RETURNING id", args, ps -> {
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("INSERT returned no id: " + sql);
          }
          return rs.getLong(1);
        }
      });
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /** What runs on a bound statement; its result set must be closed when it returns. */
  private interface StatementWork<T> {
    T run(PreparedStatement ps) throws SQLException;
  }

  /**
   * Prepares (or takes from the cache) {@code sql}, binds {@code args} and runs {@code work}. A
   * statement goes back to the cache only when the work completed; after a failure its state is
   * unknown, so it is closed.
   */
  private <T> T run(String sql, Object[] args, StatementWork<T> work) throws SQLException {
    return run(new Statement(sql, args), work);
  }

  private <T> T run(Statement statement, StatementWork<T> work) throws SQLException {
    if (joinDepth >= finishedAtDepth) {
      throw new IllegalStateException(
          "a statement after Tx.commitWith, which ends the work: " + statement.sql());
    }
    String sql = statement.sql();
    Object[] args = statement.args();
    PreparedStatement ps = statements == null ? connection.prepareStatement(sql)
        : statements.take(sql);
    T result;
    try {
      if (statement.planPerUse()) {
        dialect.planEachUse(ps);
      }
      for (int i = 0; i < args.length; i++) {
        bind(ps, i + 1, args[i]);
      }
      result = work.run(ps);
    } catch (Throwable t) {
      try {
        ps.close();
      } catch (SQLException e) {
        t.addSuppressed(e);
      }
      throw t;
    }
    if (statements != null) {
      statements.giveBack(sql, ps);
    } else {
      ps.close();
    }
    return result;
  }

  private SQLException translate(SQLException e) {
    if (dialect.isRequirementFailure(e)) {
      throw new RequirementFailed(e);
    }
    if (dialect.isUniqueViolation(e)) {
      throw new ConstraintViolation(ConstraintViolation.Kind.UNIQUE, e);
    }
    if (dialect.isForeignKeyViolation(e)) {
      throw new ConstraintViolation(ConstraintViolation.Kind.FOREIGN_KEY, e);
    }
    return e;
  }

  private static void bind(PreparedStatement ps, int index, Object arg) throws SQLException {
    if (arg == null) {
      ps.setNull(index, Types.NULL);
    } else if (arg instanceof String s) {
      ps.setString(index, s);
    } else if (arg instanceof Long l) {
      ps.setLong(index, l);
    } else if (arg instanceof Integer n) {
      ps.setInt(index, n);
    } else if (arg instanceof Boolean b) {
      ps.setBoolean(index, b);
    } else if (arg instanceof byte[] bytes) {
      ps.setBytes(index, bytes);
    } else {
      throw new IllegalArgumentException("cannot bind " + arg.getClass().getName());
    }
  }

  /** Reads a nullable BIGINT column. */
  public static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
