package dev.spaceport.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The CLI as a separate process: {@code java -cp <test classpath> dev.spaceport.cli.SpaceportCommand},
 * optionally under a pseudo-terminal made by util-linux {@code script}, with its output collected
 * as it arrives.
 */
final class Subprocess implements AutoCloseable {

  private final Process process;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Thread reader;

  private Subprocess(Process process) {
    this.process = process;
    this.reader = new Thread(() -> pump(process.getInputStream()), "subprocess-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** The java command that runs the CLI with {@code jvmOptions} and {@code args}. */
  static List<String> javaCommand(List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")));
    command.add("dev.spaceport.cli.SpaceportCommand");
    command.addAll(args);
    return command;
  }

  /** Starts {@code command} (stderr merged into stdout) with exactly {@code env}. */
  static Subprocess start(List<String> command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("TERM", "xterm");
    builder.environment().putAll(env);
    try {
      return new Subprocess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code command} under a pseudo-terminal: stdin, stdout and stderr are a terminal. */
  static Subprocess startInTerminal(List<String> command, Map<String, String> env) {
    String shellCommand = command.stream().map(Subprocess::quote)
        .collect(Collectors.joining(" "));
    return start(List.of("script", "--quiet", "--return", "--command", shellCommand,
        "/dev/null"), env);
  }

  static boolean scriptAvailable() {
    try {
      return new ProcessBuilder("script", "--version").redirectErrorStream(true).start()
          .waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  private void pump(InputStream in) {
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (output) {
          output.write(buffer, 0, n);
          output.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** Everything printed so far, with the terminal's CRs removed. */
  String output() {
    synchronized (output) {
      return output.toString(StandardCharsets.UTF_8).replace("\r", "");
    }
  }

  /** Waits until the output contains {@code text}. */
  void awaitOutput(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (output) {
      while (!output.toString(StandardCharsets.UTF_8).contains(text)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !output.toString(StandardCharsets.UTF_8)
            .contains(text)) {
          if (!process.isAlive()) {
            reader.join(1000);
            if (output.toString(StandardCharsets.UTF_8).contains(text)) {
              return;
            }
          }
          throw new AssertionError("no '" + text + "' in the output:\n" + output());
        }
        output.wait(Math.max(1, Math.min(200, left / 1_000_000)));
      }
    }
  }

  /** Types {@code text} (as if at the keyboard, when under a terminal). */
  void type(String text) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Waits for the process to end; returns its exit code. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after " + timeout + ":\n" + output());
    }
    reader.join(5000);
    return process.exitValue();
  }

  /** Asks the process to stop (SIGTERM) and waits for it. */
  int stop(Duration timeout) throws InterruptedException {
    process.destroy();
    return waitFor(timeout);
  }

  /**
   * SIGTERM, keeping what the process prints while it shuts down ({@link Process#destroy} also
   * closes this side of its pipes, so that output would be lost); waits for it to end.
   */
  int terminate(Duration timeout) throws InterruptedException {
    process.toHandle().destroy();
    return waitFor(timeout);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
  }
}
