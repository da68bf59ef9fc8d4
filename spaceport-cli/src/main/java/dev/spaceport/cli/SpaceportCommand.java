package dev.spaceport.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code spaceport} command: {@code serve}, plus one command group per resource that talks to
 * a server over HTTP through the SDK.
 *
 * <p>Start-up time matters for a CLI, so the groups are added lazily: a command line names its
 * group ({@code spaceport spaces list}), and only that group's classes are loaded; in particular
 * client commands never load the server's classes. Only help, completion and unknown commands
 * build the whole tree.
 */
@Command(
    name = "spaceport",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Spaces and access: the Spaceport server, and commands for everything it serves.",
        "",
        "Commands other than serve find their server and key through --host/--scheme/"
            + "--api-key, then --profile, then ARIZE_API_HOST/ARIZE_API_SCHEME/ARIZE_API_KEY, then "
            + "the profile named default (spaceport config set-profile), then a `spaceport serve` "
            + "running on this machine (no configuration needed)."},
    footer = {"",
        "Exit codes:",
        "  0  success",
        "  1  failure: request rejected (400, 422), throttled, server error, bulk row failed",
        "  2  usage: bad arguments, no configuration, ambiguous name, no confirmation",
        "  3  not found (404, or a name that matches nothing)",
        "  4  conflict (409: a duplicate name or binding, a role still in use)",
        "  5  permission: not authenticated (401) or not allowed (403)",
        "  6  the server could not be reached",
        "", "Example:", "  spaceport serve &", "  spaceport orgs create acme",
        "  spaceport spaces create production --org acme", "  spaceport spaces list"})
public final class SpaceportCommand implements Runnable {

  /** A top-level command: its name and aliases. */
  private record Group(List<String> names) {

    /**
     * A new instance. A switch, not a method reference per group: linking a method reference
     * loads its class, and the point is to load only the commands that run.
     */
    Object make() {
      return switch (names.get(0)) {
        case "serve" -> new ServeCommand();
        case "spaces" -> new SpacesCommand();
        case "orgs" -> new OrganizationsCommand();
        case "users" -> new UsersCommand();
        case "roles" -> new RolesCommand();
        case "role-bindings" -> new RoleBindingsCommand();
        case "keys" -> new KeysCommand();
        case "audit" -> new AuditCommand();
        case "config" -> new ConfigCommand();
        case "completion" -> new CompletionCommand();
        default -> throw new IllegalStateException(names.get(0));
      };
    }
  }

  private static final List<Group> GROUPS = List.of(
      new Group(List.of("serve")),
      new Group(List.of("spaces")),
      new Group(List.of("orgs", "organizations")),
      new Group(List.of("users")),
      new Group(List.of("roles")),
      new Group(List.of("role-bindings")),
      new Group(List.of("keys", "api-keys")),
      new Group(List.of("audit")),
      new Group(List.of("config")),
      new Group(List.of("completion")));

  /** Set by serve once the server runs: then main returns and the server's threads go on. */
  static volatile boolean serving;

  @CommandLine.Spec
  CommandSpec spec;

  private final CliContext context;

  public SpaceportCommand(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    if (!isServe(args)) {
      // The SDK logs pre-release notices through SLF4J; a CLI's stderr is for its own messages.
      quietLogging();
    }
    int exit = execute(CliContext.system(), args);
    if (exit != 0 || !serving) {
      System.exit(exit);
    }
  }

  /** Runs one command line in this process and returns its exit code. */
  public static int execute(CliContext context, String... args) {
    return commandLine(context, args).execute(args);
  }

  /**
   * A command line with only the commands that {@code args} can refer to: the groups named in it
   * (all if none is), and in each the subcommands named in it (all if none is). Any word of the
   * command line counts, so an option value that happens to be a command name only adds a
   * command; it never hides one.
   */
  public static CommandLine commandLine(CliContext context, String... args) {
    Set<String> named = new HashSet<>(Arrays.asList(args));
    List<Group> wanted = new ArrayList<>();
    for (Group group : GROUPS) {
      if (group.names().stream().anyMatch(named::contains)) {
        wanted.add(group);
      }
    }
    return build(context, wanted.isEmpty() ? GROUPS : wanted, named);
  }

  /** A command line with every command (help, completion scripts). */
  public static CommandLine fullCommandLine(CliContext context) {
    return build(context, GROUPS, Set.of());
  }

  private static CommandLine build(CliContext context, List<Group> groups, Set<String> named) {
    CommandLine cl = new CommandLine(new SpaceportCommand(context));
    for (Group group : groups) {
      Object command = group.make();
      cl.addSubcommand(command);
      if (command instanceof GroupCommand lazy) {
        CommandLine groupLine = cl.getSubcommands().get(group.names().get(0));
        List<String> leaves = lazy.subcommandNames().stream().filter(named::contains).toList();
        for (String leaf : leaves.isEmpty() ? lazy.subcommandNames() : leaves) {
          groupLine.addSubcommand(lazy.subcommand(leaf));
        }
      }
    }
    cl.addSubcommand(new CommandLine.HelpCommand());
    setVersionProvider(cl, new VersionProvider());
    ExitCodes handler = new ExitCodes();
    cl.setOut(context.out());
    cl.setErr(context.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(handler);
    cl.setExitCodeExceptionMapper(handler);
    cl.setParameterExceptionHandler(handler);
    cl.setUsageHelpLongOptionsMaxWidth(28);
    return cl;
  }

  /** So that {@code -V} prints the version on every command, not only on the root. */
  private static void setVersionProvider(CommandLine cl, CommandLine.IVersionProvider provider) {
    cl.getCommandSpec().versionProvider(provider);
    cl.getSubcommands().values().forEach(sub -> setVersionProvider(sub, provider));
  }

  static boolean isServe(String[] args) {
    for (String arg : args) {
      if (arg.equals("serve")) {
        return true;
      }
      if (!arg.startsWith("-")) {
        return false;
      }
    }
    return false;
  }

  static void quietLogging() {
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
  }

  CliContext context() {
    return context;
  }

  /** The context of the command line {@code spec} belongs to. */
  static CliContext context(CommandSpec spec) {
    return ((SpaceportCommand) spec.root().userObject()).context;
  }

  @Override
  public void run() {
    spec.commandLine().usage(context.out());
  }
}
