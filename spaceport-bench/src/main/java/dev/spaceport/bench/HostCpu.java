package dev.spaceport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of the whole machine and of a process tree, from /proc, so that a scenario's cost is
 * seen beyond the server's own process: on PostgreSQL half of a create's CPU is the database's.
 */
final class HostCpu {

  private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ is 100 on Linux

  private HostCpu() {}

  /** CPU time spent busy by every core (all but idle and I/O wait), since boot. */
  static long machineBusyNanos() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    // cpu user nice system idle iowait irq softirq steal
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += Long.parseLong(f[i]);
    }
    return busy * NANOS_PER_TICK;
  }

  /**
   * utime + stime of {@code pid} and its direct children (PostgreSQL's postmaster's backends),
   * living or ended.
   */
  static long treeNanos(long pid) throws IOException {
    long ticks = 0;
    List<Path> processes;
    try (var list = Files.list(Path.of("/proc"))) {
      processes = list.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .toList();
    }
    for (Path process : processes) {
      String stat;
      try {
        stat = Files.readString(process.resolve("stat"));
      } catch (IOException e) {
        continue; // ended while listed
      }
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long self = Long.parseLong(process.getFileName().toString());
      if (self == pid) {
        // With the CPU of children that have ended (and been waited for): a backend or an
        // autovacuum worker that exits within a measured window takes its time with it.
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12])
            + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
      } else if (Long.parseLong(fields[1]) == pid) {
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      }
    }
    return ticks * NANOS_PER_TICK;
  }
}
