package dev.spaceport.server.store;

import java.util.function.Supplier;

/**
 * A few {@link GroupCommit}s side by side, each one batch on one connection at a time: a write
 * joins the lane with the fewest writers holding or waiting for it. One lane would make every
 * write wait for the one before it, as SQLite's single writer must; several let the database use
 * more than one core and keep a slow write from holding up all the others, while writes that
 * arrive together still queue, and so share commits, in each.
 */
final class WriteLanes implements AutoCloseable {

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

  /** Commits each lane's open batch, if any; the connections go back to their pool. */
  @Override
  public void close() {
    for (GroupCommit lane : lanes) {
      lane.closeWith(() -> {});
    }
  }
}
