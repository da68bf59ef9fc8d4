package dev.spaceport.cli;

import dev.spaceport.client.errors.AmbiguousNameException;
import dev.spaceport.client.errors.ApiException;
import dev.spaceport.client.errors.ConfigurationException;
import dev.spaceport.client.errors.ConflictException;
import dev.spaceport.client.errors.ConnectionException;
import dev.spaceport.client.errors.ForbiddenException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.client.errors.UnauthorizedException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import picocli.CommandLine;

/**
 * The CLI's exit codes, and the one line on stderr that explains a failure. Documented in
 * {@code spaceport --help} and README.md; scripts may rely on them.
 */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler,
    CommandLine.IExitCodeExceptionMapper, CommandLine.IParameterExceptionHandler {

  static final int OK = 0;
  /** Anything else: a rejected request (400, 422), throttling, a server fault, a failed bulk row. */
  static final int FAILURE = 1;
  /** Bad flags or arguments, no configuration, an ambiguous name, no confirmation. */
  static final int USAGE = 2;
  static final int NOT_FOUND = 3;
  static final int CONFLICT = 4;
  /** 401 (no valid key) or 403 (not allowed). */
  static final int PERMISSION = 5;
  /** The server could not be reached. */
  static final int UNREACHABLE = 6;

  // The same list is in SpaceportCommand's help footer and in README.md.

  @Override
  public int getExitCode(Throwable t) {
    return of(t);
  }

  static int of(Throwable t) {
    if (t instanceof UsageException || t instanceof ConfigurationException
        || t instanceof AmbiguousNameException || t instanceof IllegalArgumentException) {
      return USAGE;
    }
    if (t instanceof NotFoundException) {
      return NOT_FOUND;
    }
    if (t instanceof ConflictException) {
      return CONFLICT;
    }
    if (t instanceof UnauthorizedException || t instanceof ForbiddenException) {
      return PERMISSION;
    }
    if (t instanceof ConnectionException) {
      return UNREACHABLE;
    }
    return FAILURE;
  }

  /** The one line that says what went wrong, without the "Error: " prefix. */
  static String describe(Throwable t, Connection connection) {
    return oneLine(explain(t, connection));
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  private static String explain(Throwable t, Connection connection) {
    if (t instanceof ApiException api) {
      String text = api.problem()
          .map(p -> p.title() + (p.detail() == null || p.detail().isBlank() ? "" : ": " + p.detail()))
          .orElse(api.getMessage());
      if (t instanceof UnauthorizedException && connection != null) {
        text += " (the API key " + connection.describeKeySource() + " was not accepted by "
            + connection.baseUri() + ")";
      }
      return text;
    }
    if (t instanceof ConnectionException) {
      String where = connection == null ? "the server" : connection.baseUri();
      String hint = connection != null && connection.isLocalServer()
          ? "; is `spaceport serve` still running? (found via " + connection.hostSource() + ")"
          : "";
      return "cannot reach " + where + " (" + reason(t.getCause()) + ")" + hint;
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  private static String reason(Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return "connection refused";
      }
      if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException) {
        return "timed out";
      }
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        return "unknown host";
      }
    }
    if (cause == null) {
      return "connection failed";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine,
      CommandLine.ParseResult parseResult) {
    Object command = commandLine.getCommand();
    Connection connection = command instanceof ApiCommand api ? api.connectionOrNull() : null;
    PrintWriter err = commandLine.getErr();
    if (ex instanceof ApiCommand.AbortedException) {
      err.println(ex.getMessage());
      err.flush();
      return FAILURE;
    }
    err.println("Error: " + describe(ex, connection));
    if (commandLine.getCommandSpec().root().userObject() instanceof SpaceportCommand root
        && root.context().envValue("SPACEPORT_DEBUG") != null) {
      ex.printStackTrace(err);
    }
    err.flush();
    return of(ex);
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("Error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return USAGE;
  }
}
