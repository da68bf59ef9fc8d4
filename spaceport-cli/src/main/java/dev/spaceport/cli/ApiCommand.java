package dev.spaceport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.client.ListParams;
import dev.spaceport.client.Page;
import dev.spaceport.client.PagedIterable;
import dev.spaceport.client.SpaceportClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a server through the SDK: resolves the connection, opens a client,
 * runs, and prints the API's JSON of what came back in the chosen format.
 */
abstract class ApiCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @ArgGroup(validate = false, heading = "%nConnection (flags win over ARIZE_API_* variables, "
      + "profiles and a local serve):%n")
  ConnectionOptions connectionOptions = new ConnectionOptions();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "table, json or yaml (default: table on a terminal, json otherwise).")
  OutputFormat output;

  CliContext ctx;
  Connection connection;
  SpaceportClient client;
  RecordingTransport transport;
  Printer printer;

  @Override
  public final Integer call() throws Exception {
    ctx = SpaceportCommand.context(spec);
    printer = new Printer(output != null ? output
        : ctx.interactive() ? OutputFormat.table : OutputFormat.json, ctx.out());
    connection = Connection.resolve(connectionOptions == null ? new ConnectionOptions()
        : connectionOptions, ctx);
    transport = new RecordingTransport(Duration.ofSeconds(10));
    try (SpaceportClient c = connection.client(transport)) {
      client = c;
      return run();
    }
  }

  /** Runs the command with {@link #client} open; returns the exit code. */
  abstract int run() throws Exception;

  Connection connectionOrNull() {
    return connection;
  }

  /** The API's JSON of the last response, if it is {@code typed}'s; else {@code typed} as JSON. */
  JsonNode raw(Object typed, String id) {
    byte[] body = transport.lastBody();
    if (body != null && body.length > 0) {
      JsonNode node = CliJson.read(body);
      if (node.isObject() && Objects.equals(node.path("id").asText(null), id)) {
        return node;
      }
    }
    return CliJson.tree(typed);
  }

  void printObject(Kind kind, Object typed, String id) {
    printer.object(kind, raw(typed, id));
  }

  /**
   * Prints a list: one page ({@code --limit}, {@code --cursor}), or with {@code --all} every page
   * as it arrives. {@code sdkAll} is the SDK's own listAll when it fits the options (no page size
   * or starting cursor); otherwise the pages are walked with {@code fetch}.
   */
  <T> int printList(Kind kind, ListOptions options, Function<ListParams, Page<T>> fetch,
      Supplier<? extends Iterable<T>> sdkAll, Function<T, String> idOf) {
    if (options.all) {
      Iterable<T> items = sdkAll != null && options.limit == null && options.cursor == null
          ? sdkAll.get()
          : new PagedIterable<>(options.cursor,
              cursor -> fetch.apply(new ListParams(options.limit, cursor)));
      printStream(kind, items, idOf);
      return ExitCodes.OK;
    }
    Page<T> page = fetch.apply(new ListParams(options.limit, options.cursor));
    Printer.ListWriter writer = printer.list(kind, false);
    writer.page(rawItems(kind, page.items(), idOf));
    writer.finish();
    if (page.hasMore() && page.nextCursor().isPresent()) {
      ctx.err().println("More " + kind.plural() + ": add --cursor " + page.nextCursor().get()
          + " for the next page, or --all for every page.");
      ctx.err().flush();
    }
    return ExitCodes.OK;
  }

  private <T> void printStream(Kind kind, Iterable<T> items, Function<T, String> idOf) {
    Printer.ListWriter writer = printer.list(kind, true);
    List<JsonNode> batch = new ArrayList<>();
    int seen = -1;
    JsonNode rawPage = null;
    int index = 0;
    for (Iterator<T> it = items.iterator(); it.hasNext(); ) {
      T item = it.next();
      if (transport.sequence() != seen) {
        // A new page has arrived: the items that follow are the ones in its body (all of them,
        // or some, in order, when the SDK filtered the page, e.g. an exact name).
        writer.page(batch);
        batch = new ArrayList<>();
        seen = transport.sequence();
        byte[] body = transport.lastBody();
        rawPage = body == null ? null : CliJson.read(body).path(kind.listKey);
        index = 0;
      }
      int at = rawPage == null ? -1 : positionOf(rawPage, index, idOf.apply(item));
      batch.add(at >= 0 ? rawPage.get(at) : CliJson.tree(item));
      index = at >= 0 ? at + 1 : index + 1;
      if (rawPage != null && index >= rawPage.size()) {
        writer.page(batch);
        batch = new ArrayList<>();
      }
    }
    writer.page(batch);
    writer.finish();
  }

  private <T> List<JsonNode> rawItems(Kind kind, List<T> items, Function<T, String> idOf) {
    byte[] body = transport.lastBody();
    JsonNode array = body == null ? null : CliJson.read(body).path(kind.listKey);
    List<JsonNode> nodes = new ArrayList<>(items.size());
    int from = 0;
    for (T item : items) {
      int at = array == null ? -1 : positionOf(array, from, idOf.apply(item));
      nodes.add(at >= 0 ? array.get(at) : CliJson.tree(item));
      from = at >= 0 ? at + 1 : from;
    }
    return nodes;
  }

  /**
   * Where, at {@code from} or after, the raw page holds the item with this ID (-1: nowhere). The
   * SDK's items are the page's, in order — or a subsequence of them when it filtered the page.
   */
  private static int positionOf(JsonNode rawPage, int from, String id) {
    for (int i = from; i < rawPage.size(); i++) {
      if (Objects.equals(rawPage.get(i).path("id").asText(null), id)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Asks the person at the terminal to confirm a destructive change. {@code --yes} skips the
   * question; with no terminal and no {@code --yes} the command refuses (exit 2).
   *
   * @param what what will be removed, for the question
   * @param consequences one or more lines saying what goes with it
   */
  void confirm(boolean yes, String what, String... consequences) {
    if (yes) {
      return;
    }
    if (!ctx.interactive()) {
      throw new UsageException("refusing to " + what + " without confirmation: there is no "
          + "terminal to ask on; pass --yes to confirm");
    }
    java.io.PrintWriter err = ctx.err();
    err.println("This will " + what + ".");
    for (String line : consequences) {
      err.println("  " + line);
    }
    err.print("Continue? [y/N] ");
    err.flush();
    String answer = ctx.readLine();
    String a = answer == null ? "" : answer.strip();
    if (!a.equalsIgnoreCase("y") && !a.equalsIgnoreCase("yes")) {
      throw new AbortedException("Aborted; nothing was changed.");
    }
  }

  /** Thrown when the person answers no: exit 1, and the message without "Error:". */
  static final class AbortedException extends RuntimeException {
    AbortedException(String message) {
      super(message);
    }
  }
}
