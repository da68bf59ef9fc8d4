package dev.spaceport.server.store;

import java.util.function.BooleanSupplier;

/**
 * Where a group commit's transaction stands between its units ({@link GroupCommit}), so that a
 * failing unit can be undone alone: a savepoint named {@value #SAVEPOINT} marks the transaction
 * as the last successful unit left it, and a failing unit rolls back to it. The mark is set after
 * a unit rather than before the next so that it can travel with the unit's last statements
 * ({@link Tx#commitWith}), in the same round trip; a unit that ends otherwise leaves it for the
 * next unit to set first. Only one mark is kept: setting one releases the last, so savepoints do
 * not nest (SQLite tracks the pages of every open savepoint). Guarded by the group's lock.
 */
final class SharedTransaction {

  static final String SAVEPOINT = "unit";
  private static final Tx.Statement[] FIRST_MARK = {new Tx.Statement("SAVEPOINT " + SAVEPOINT)};
  private static final Tx.Statement[] NEXT_MARK = {
      new Tx.Statement("RELEASE SAVEPOINT " + SAVEPOINT),
      new Tx.Statement("SAVEPOINT " + SAVEPOINT)};
  static final String UNDO_UNIT = "ROLLBACK TO SAVEPOINT " + SAVEPOINT;

  /** Whether the transaction holds units that a failing unit must leave in place. */
  private boolean holdsUnits;
  /** Whether the savepoint marks the end of the last unit. */
  private boolean marked;
  /** Whether the savepoint exists in the transaction, to be released before it is set again. */
  private boolean savepointExists;
  /** Whether a unit committed the transaction, which ends the batch. */
  private boolean committedByAUnit;
  /** True while no other writer waits to join the transaction. */
  private final BooleanSupplier nobodyWaiting;

  SharedTransaction(BooleanSupplier nobodyWaiting) {
    this.nobodyWaiting = nobodyWaiting;
  }

  /** True when no unit is in the transaction: a failing unit rolls the whole of it back. */
  boolean isEmpty() {
    return !holdsUnits;
  }

  /**
   * Whether a unit ending now ({@link Tx#commitWith}) may commit the transaction: only when it is
   * alone in it (its own statements are not counted until it returns) and nobody waits to join.
   */
  boolean unitMayCommit() {
    return !holdsUnits && nobodyWaiting.getAsBoolean();
  }

  /** Whether a unit must mark where the earlier ones end before it runs. */
  boolean needsMark() {
    return holdsUnits && !marked;
  }

  /** The statements that mark the transaction as it stands now. */
  Tx.Statement[] markStatements() {
    return savepointExists ? NEXT_MARK : FIRST_MARK;
  }

  /** The mark's statements have run. */
  void marked() {
    marked = true;
    savepointExists = true;
  }

  /** A unit has succeeded; {@code markedItsEnd} when its last statements set the mark. */
  void unitAdded(boolean markedItsEnd) {
    holdsUnits = true;
    marked = markedItsEnd;
    if (markedItsEnd) {
      savepointExists = true;
    }
  }

  /** The transaction was rolled back; the next unit starts a new one. */
  void ended() {
    holdsUnits = false;
    marked = false;
    savepointExists = false;
  }

  /**
   * A unit alone in the transaction committed it ({@link Tx#commitWith}). Its batch ends there:
   * a later unit in a new transaction on the same connection could still fail, and the unit
   * already durable must not wait for that, nor hear of it.
   */
  void committedByAUnit() {
    ended();
    committedByAUnit = true;
  }

  boolean wasCommittedByAUnit() {
    return committedByAUnit;
  }
}
