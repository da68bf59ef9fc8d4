package dev.spaceport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spaceport config …}: named connection profiles in {@code ~/.spaceport/config}. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {"Connection profiles, kept in ~/.spaceport/config (SPACEPORT_HOME/config; "
        + "or the file SPACEPORT_CONFIG names), readable by you only.",
        "The profile named 'default' is used when no --profile is given; --profile (or "
            + "SPACEPORT_PROFILE) picks another."},
    footer = {"", "Example:",
        "  spaceport config set-profile staging --host spaceport.internal:8443 --scheme https "
            + "--api-key \"$KEY\""})
final class ConfigCommand extends GroupCommand {

  @Override
  List<String> subcommandNames() {
    return List.of("set-profile", "list-profiles", "delete-profile", "show");
  }

  @Override
  Object subcommand(String name) {
    return switch (name) {
      case "set-profile" -> new SetProfile();
      case "list-profiles" -> new ListProfiles();
      case "delete-profile" -> new DeleteProfile();
      case "show" -> new Show();
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** A config subcommand: has the context and an output format. */
  abstract static class ConfigSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    CliContext ctx() {
      return SpaceportCommand.context(spec);
    }

    Printer printer(OutputFormat output) {
      CliContext ctx = ctx();
      return new Printer(output != null ? output
          : ctx.interactive() ? OutputFormat.table : OutputFormat.json, ctx.out());
    }
  }

  @Command(name = "set-profile", mixinStandardHelpOptions = true,
      description = "Create a profile, or change the given fields of an existing one.",
      footer = {"", "Examples:",
          "  spaceport config set-profile default --host 127.0.0.1:8080 --scheme http "
              + "--api-key \"$(cat ~/.spaceport/admin-api-key)\"",
          "  spaceport config set-profile prod --host spaceport.example.com"})
  static final class SetProfile extends ConfigSubcommand {
    @Parameters(paramLabel = "NAME", description = "Profile name ('default' is used when no "
        + "--profile is given).")
    String name;

    @Option(names = "--host", paramLabel = "HOST[:PORT]", description = "Server host.")
    String host;

    @Option(names = "--scheme", paramLabel = "http|https", description = "http or https.")
    String scheme;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key.")
    String apiKey;

    @Override
    public Integer call() {
      if (name.isBlank() || name.contains("[") || name.contains("]")) {
        throw new UsageException("a profile name must not be blank or contain [ or ]");
      }
      if (host == null && scheme == null && apiKey == null) {
        throw new UsageException("nothing to set: give --host, --scheme and/or --api-key");
      }
      if (scheme != null) {
        scheme = scheme.strip().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          throw new UsageException("--scheme must be http or https, not '" + scheme + "'");
        }
      }
      CliContext ctx = ctx();
      Profiles profiles = Profiles.load(ctx.configFile());
      Profiles.Profile existing = profiles.get(name);
      Profiles.Profile updated = (existing != null ? existing
          : new Profiles.Profile(name, null, null, null))
          .merge(strip(host), scheme, strip(apiKey));
      profiles.put(updated);
      profiles.save();
      ctx.err().println((existing == null ? "Created" : "Updated") + " profile '" + name
          + "' in " + profiles.file() + ".");
      ctx.err().flush();
      return ExitCodes.OK;
    }

    private static String strip(String value) {
      return value == null ? null : value.strip();
    }
  }

  @Command(name = "list-profiles", mixinStandardHelpOptions = true,
      description = "List the profiles (keys redacted).",
      footer = {"", "Example:", "  spaceport config list-profiles"})
  static final class ListProfiles extends ConfigSubcommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
        description = "table, json or yaml (default: table on a terminal, json otherwise).")
    OutputFormat output;

    @Override
    public Integer call() {
      CliContext ctx = ctx();
      Profiles profiles = Profiles.load(ctx.configFile());
      String selected = ctx.envValue("SPACEPORT_PROFILE");
      String inUse = selected != null ? selected : Profiles.DEFAULT;
      List<JsonNode> rows = new ArrayList<>();
      for (Profiles.Profile p : profiles.all()) {
        ObjectNode row = CliJson.MAPPER.createObjectNode();
        row.put("name", p.name()).put("host", p.host()).put("scheme", p.scheme())
            .put("api_key", Profiles.redact(p.apiKey())).put("default", p.name().equals(inUse));
        rows.add(row);
      }
      Printer.ListWriter writer = printer(output).list(Kind.PROFILE, false);
      writer.page(rows);
      writer.finish();
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete-profile", mixinStandardHelpOptions = true,
      description = "Delete a profile.",
      footer = {"", "Example:", "  spaceport config delete-profile staging"})
  static final class DeleteProfile extends ConfigSubcommand {
    @Parameters(paramLabel = "NAME", description = "Profile name.")
    String name;

    @Override
    public Integer call() {
      CliContext ctx = ctx();
      Profiles profiles = Profiles.load(ctx.configFile());
      if (!profiles.remove(name)) {
        throw new UsageException("no profile '" + name + "' in " + profiles.file());
      }
      profiles.save();
      ctx.err().println("Deleted profile '" + name + "'.");
      ctx.err().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show which server and key commands would use, and where each setting "
          + "comes from (the key redacted). Sends no request.",
      footer = {"", "Example:", "  spaceport config show --profile staging"})
  static final class Show extends ConfigSubcommand {
    @ArgGroup(validate = false, heading = "%nConnection:%n")
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
        description = "table, json or yaml (default: table on a terminal, json otherwise).")
    OutputFormat output;

    @Override
    public Integer call() {
      Connection c = Connection.resolve(connection == null ? new ConnectionOptions() : connection,
          ctx());
      ObjectNode node = CliJson.MAPPER.createObjectNode();
      node.put("server", c.baseUri())
          .put("host", c.host().value()).put("host_from", c.host().source())
          .put("scheme", c.scheme().value()).put("scheme_from", c.scheme().source())
          .put("api_key", Profiles.redact(c.apiKey().value()))
          .put("api_key_from", c.apiKey().source())
          .put("local_server", c.isLocalServer());
      printer(output).object(Kind.PROFILE, node);
      return ExitCodes.OK;
    }
  }
}
