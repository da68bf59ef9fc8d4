package dev.spaceport.server.store;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A few {@link GroupCommit}s side by side, each one batch on one connection at a time: a write
 * joins the lane with the fewest writers holding or waiting for it. One lane would make every
 * write wait for the one before it, as SQLite's single writer must; several let the database use
 * more than one core and keep a slow write from holding up all the others, while writes that
 * arrive together still queue, and so share commits, in each.
 */
final class WriteLanes implements AutoCloseable {

  /** How often {@link #awaitOpenBatchesEnded} looks: far below a batch's life of milliseconds. */
  private static final long POLL_NANOS = 100_000;

  private final GroupCommit[] lanes;

  WriteLanes(int count, Supplier<GroupCommit> newLane) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one write lane is needed, not " + count);
    }
    lanes = new GroupCommit[count];
    for (int i = 0; i < count; i++) {
      lanes[i] = newLane.get();
    }
  }

  <T> T write(TxWork<T> work) {
    return leastLoaded().write(work);
  }

  private GroupCommit leastLoaded() {
    GroupCommit best = lanes[0];
    int bestLoad = best.load();
    for (int i = 1; i < lanes.length && bestLoad > 0; i++) {
      int load = lanes[i].load();
      if (load < bestLoad) {
        best = lanes[i];
        bestLoad = load;
      }
    }
    return best;
  }

  /**
   * Waits until every batch open now in this node's lanes has ended, or {@code timeoutNanos} have
   * gone by, or the thread is interrupted. A write that lost a deadlock runs again only after
   * this: the batch it lost to holds the rows it wants until it commits, and its statement that
   * waited for them resumes only when its backend is next scheduled. A rerun sent before then can
   * find those rows free (the victim's own locks gone, the winner's not yet taken), take them, and
   * deadlock with the winner a second time, which costs both another {@code deadlock_timeout}.
   * (A winner on another node is not waited for; its own rerun rule is the same.)
   */
  void awaitOpenBatchesEnded(long timeoutNanos) {
    long[] openedNow = new long[lanes.length];
    for (int i = 0; i < lanes.length; i++) {
      openedNow[i] = lanes[i].opened();
    }
    long deadline = System.nanoTime() + timeoutNanos;
    for (int i = 0; i < lanes.length; i++) {
      // Rare (a deadlock has just cost a second), so a short sleep is as good as a signal.
      while (lanes[i].epoch() < openedNow[i] && deadline - System.nanoTime() > 0
          && !Thread.currentThread().isInterrupted()) {
        LockSupport.parkNanos(POLL_NANOS);
      }
    }
  }

  /** Commits each lane's open batch, if any; the connections go back to their pool. */
  @Override
  public void close() {
    for (GroupCommit lane : lanes) {
      lane.closeWith(() -> {});
    }
  }
}
