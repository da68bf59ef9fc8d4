package dev.spaceport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spaceport.api.Space;
import dev.spaceport.api.SpaceMembership;
import dev.spaceport.client.errors.ConnectionException;
import dev.spaceport.client.errors.SpaceportException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spaceport spaces add-users SPACE --file members.csv}: adds many users to a space, one
 * request per row. A failed row does not stop the others; each row gets a result line, and the
 * exit code is 1 when any row failed.
 */
@Command(name = "add-users", mixinStandardHelpOptions = true,
    description = {"Add (or change the role of) many users on a space, from a CSV file.",
        "",
        "Columns: user (ID or email), role (admin, member, read-only, annotator, or a custom "
            + "role's ID or name). A header row is optional; blank lines and lines starting "
            + "with # are skipped. Each row is one request; a failed row does not stop the "
            + "others. Prints one result per row (JSON: one object per line) and exits 1 if "
            + "any row failed."},
    footer = {"", "Example:", "  printf 'user,role\\nada@example.com,read-only\\n' > members.csv",
        "  spaceport spaces add-users production --file members.csv"})
final class BulkAddUsers extends ApiCommand {

  private static final Set<String> HEADER_WORDS = Set.of("user", "user_id", "user id", "userid",
      "email", "id", "user id or email", "user_or_email");

  @Parameters(paramLabel = "SPACE", description = "Space ID or name.")
  String space;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "CSV",
      description = "The CSV file; - reads standard input.")
  String file;

  /** One row's outcome. */
  private record Result(int line, String user, String role, JsonNode membership, String error,
      int exitCode) {}

  @Override
  int run() {
    List<Csv.Line> rows = dropHeader(Csv.parse(read()));
    Space target = client.spaces().get(space);
    Resolve resolve = new Resolve(client);
    int failed = 0;
    try (Progress progress = Progress.open(ctx, printer, rows.size())) {
      for (Csv.Line row : rows) {
        Result result = addOne(target, resolve, row);
        if (result.error() != null) {
          failed++;
        }
        progress.println(render(result));
        progress.step();
      }
    }
    PrintWriter err = ctx.err();
    err.println("Added " + (rows.size() - failed) + " of " + rows.size() + " users to space '"
        + target.name() + "'" + (failed == 0 ? "." : "; " + failed + " failed."));
    err.flush();
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private Result addOne(Space target, Resolve resolve, Csv.Line row) {
    List<String> f = row.fields();
    String user = f.isEmpty() ? "" : f.get(0);
    String role = f.size() < 2 ? "" : f.get(1);
    if (f.size() != 2 || user.isEmpty() || role.isEmpty()) {
      return new Result(row.number(), user, role, null,
          "expected 2 columns (user ID or email, role), found " + f.size(), ExitCodes.USAGE);
    }
    try {
      SpaceMembership m = client.spaces().addUser(target.id(), resolve.user(user),
          resolve.spaceRole(role));
      return new Result(row.number(), user, role, raw(m, m.id()), null, ExitCodes.OK);
    } catch (ConnectionException e) {
      throw e; // the server is gone: the other rows would fail the same way
    } catch (SpaceportException | UsageException | IllegalArgumentException e) {
      return new Result(row.number(), user, role, null, ExitCodes.describe(e, connection),
          ExitCodes.of(e));
    }
  }

  private String render(Result r) {
    return switch (printer.format()) {
      case json -> CliJson.compact(node(r));
      case yaml -> Yaml.writeSequence(List.of(node(r))).stripTrailing();
      case table -> "line " + r.line() + ": " + r.user() + " as " + r.role() + ": "
          + (r.error() == null ? "ok" : "failed: " + r.error());
    };
  }

  private static ObjectNode node(Result r) {
    ObjectNode node = CliJson.MAPPER.createObjectNode();
    node.put("line", r.line()).put("user", r.user()).put("role", r.role())
        .put("ok", r.error() == null);
    if (r.membership() != null) {
      node.set("membership", r.membership());
    }
    if (r.error() != null) {
      node.put("error", r.error()).put("exit_code", r.exitCode());
    }
    return node;
  }

  private String read() {
    try {
      if (file.equals("-")) {
        return ctx.in().lines().collect(Collectors.joining("\n"));
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException("no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The first line is a header when it names its columns ("user,role", "email,role", …). */
  private static List<Csv.Line> dropHeader(List<Csv.Line> lines) {
    if (lines.isEmpty()) {
      return lines;
    }
    List<String> first = lines.get(0).fields();
    boolean header = HEADER_WORDS.contains(first.get(0).toLowerCase(Locale.ROOT))
        || (first.size() > 1 && first.get(1).equalsIgnoreCase("role"));
    return header ? lines.subList(1, lines.size()) : lines;
  }

  /**
   * Result lines, with a progress bar under them when a person is watching a table: the bar is
   * redrawn below each result line, so the two never overwrite each other.
   */
  private abstract static class Progress implements AutoCloseable {

    static Progress open(CliContext ctx, Printer printer, int total) {
      if (ctx.interactive() && printer.isTable() && total > 0) {
        return new TerminalProgress(ctx, total);
      }
      PrintWriter out = ctx.out();
      return new Progress() {
        @Override
        void println(String line) {
          out.println(line);
          out.flush();
        }
      };
    }

    abstract void println(String line);

    void step() {}

    @Override
    public void close() {}
  }

  private static final class TerminalProgress extends Progress {
    private final PrintWriter term;
    private final me.tongfei.progressbar.ProgressBar bar;
    private String lastBar = "";

    TerminalProgress(CliContext ctx, int total) {
      this.term = ctx.out();
      int width = 80;
      try {
        String columns = ctx.envValue("COLUMNS");
        width = columns == null ? 80 : Math.max(40, Integer.parseInt(columns));
      } catch (NumberFormatException ignored) {
        // keep 80
      }
      int maxWidth = width - 1;
      this.bar = new me.tongfei.progressbar.ProgressBarBuilder()
          .setTaskName("Adding users")
          .setInitialMax(total)
          .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(100)
          .hideEta()
          .setConsumer(new me.tongfei.progressbar.ProgressBarConsumer() {
            @Override
            public int getMaxRenderedLength() {
              return maxWidth;
            }

            @Override
            public void accept(String rendered) {
              draw(rendered);
            }

            @Override
            public void close() {
              finish();
            }
          })
          .build();
    }

    private synchronized void draw(String rendered) {
      lastBar = rendered;
      term.print("\r\u001b[K" + rendered);
      term.flush();
    }

    private synchronized void finish() {
      term.println();
      term.flush();
    }

    @Override
    synchronized void println(String line) {
      term.print("\r\u001b[K" + line + "\n" + lastBar);
      term.flush();
    }

    @Override
    void step() {
      bar.step();
    }

    @Override
    public void close() {
      bar.close();
    }
  }
}
