package dev.spaceport.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A JVM started from this one's classpath, serving on the port it prints as {@code PORT <n>}. */
final class ChildProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  /** The CPU ticks last read for each JIT compiler thread, by thread id. */
  private final Map<String, Long> compilerTicks = new HashMap<>();

  private ChildProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ChildProcess start(Class<?> main, List<String> jvmOptions, String... args)
      throws IOException {
    return start(System.getProperty("java.class.path"), main, jvmOptions, args);
  }

  /** @param classpath another build's classpath, to compare two versions side by side */
  static ChildProcess start(String classpath, Class<?> main, List<String> jvmOptions,
      String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, main.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        return new ChildProcess(p, Integer.parseInt(line.substring(5).trim()));
      }
    }
    throw new IOException(main.getSimpleName() + " exited before serving");
  }

  int port() {
    return port;
  }

  /**
   * CPU time (user + system) the process has spent so far, in nanoseconds, from /proc, without
   * its JIT compiler threads'. Compiling is a start-up cost that goes on for tens of seconds on a
   * busy 2-core machine: a get measured 2.5 s after start paid ~300 µs of CPU per request, 10 s
   * after start ~70 µs, a steady server ~50 µs. (A compiler thread that exits keeps the time last
   * read for it, so what it did in between counts as serving: little, as idle ones exit.)
   */
  long cpuNanos() throws IOException {
    long ticks = ticks(Path.of("/proc", String.valueOf(process.pid()), "stat"));
    try (var tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          if (stat.contains("(C1 CompilerThre") || stat.contains("(C2 CompilerThre")) {
            compilerTicks.put(task.getFileName().toString(), ticks(stat));
          }
        } catch (IOException e) {
          // the thread ended while listed
        }
      }
    }
    for (long compiler : compilerTicks.values()) {
      ticks -= compiler;
    }
    return ticks * 1_000_000_000L / 100; // USER_HZ is 100 on Linux
  }

  private static long ticks(Path stat) throws IOException {
    return ticks(Files.readString(stat));
  }

  /** utime + stime of a /proc stat line (process or thread). */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
