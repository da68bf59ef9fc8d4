package dev.spaceport.cli;

import dev.spaceport.api.Permission;
import dev.spaceport.api.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spaceport roles …}: the predefined space roles and the account's custom roles. */
@Command(name = "roles", mixinStandardHelpOptions = true,
    description = "Roles: the four predefined space roles and the account's custom roles. ROLE "
        + "is a role ID or name.",
    footer = {"", "Example:",
        "  spaceport roles create reviewer --permission SPACE_READ,ROLE_BINDING_READ"})
final class RolesCommand extends GroupCommand {

  @Override
  List<String> subcommandNames() {
    return List.of("list", "get", "create", "update", "delete", "permissions");
  }

  @Override
  Object subcommand(String name) {
    return switch (name) {
      case "list" -> new ListRoles();
      case "get" -> new Get();
      case "create" -> new Create();
      case "update" -> new Update();
      case "delete" -> new Delete();
      case "permissions" -> new Permissions();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List roles.",
      footer = {"", "Example:", "  spaceport roles list --custom"})
  static final class ListRoles extends ApiCommand {
    @Option(names = "--predefined", description = "Only the predefined roles.")
    boolean predefined;

    @Option(names = "--custom", description = "Only custom roles.")
    boolean custom;

    @Mixin
    ListOptions page;

    @Override
    int run() {
      if (predefined && custom) {
        throw new UsageException("--predefined and --custom exclude each other");
      }
      Boolean filter = predefined ? Boolean.TRUE : custom ? Boolean.FALSE : null;
      return printList(Kind.ROLE, page, p -> client.roles().list(filter, p),
          filter == null ? () -> client.roles().listAll() : null, Role::id);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one role.",
      footer = {"", "Example:", "  spaceport roles get reviewer"})
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "ROLE", description = "Role ID or name.")
    String role;

    @Override
    int run() {
      Role r = client.roles().get(new Resolve(client).roleId(role));
      printObject(Kind.ROLE, r, r.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a custom role (account admins only).",
      footer = {"", "Example:",
          "  spaceport roles create reviewer --permission SPACE_READ,ROLE_BINDING_READ"})
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "Name, unique in the account.")
    String name;

    @Option(names = {"-p", "--permission"}, required = true, split = ",",
        paramLabel = "PERMISSION",
        description = "A permission (repeatable, or comma-separated); see `spaceport roles "
            + "permissions`.")
    List<String> permissions;

    @Option(names = "--description", paramLabel = "TEXT", description = "Description.")
    String description;

    @Override
    int run() {
      Role r = client.roles().create(name, description, parse(permissions));
      printObject(Kind.ROLE, r, r.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Change a custom role; --permission replaces the whole set.",
      footer = {"", "Example:", "  spaceport roles update reviewer --permission SPACE_READ"})
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "ROLE", description = "Role ID or name.")
    String role;

    @Option(names = "--name", paramLabel = "NAME", description = "New name.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "New description.")
    String description;

    @Option(names = {"-p", "--permission"}, split = ",", paramLabel = "PERMISSION",
        description = "The new permissions (repeatable, or comma-separated).")
    List<String> permissions;

    @Override
    int run() {
      if (name == null && description == null && permissions == null) {
        throw new UsageException("nothing to change: give --name, --description and/or "
            + "--permission");
      }
      Role r = client.roles().update(new Resolve(client).roleId(role), name, description,
          permissions == null ? null : parse(permissions));
      printObject(Kind.ROLE, r, r.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a custom role; refused (exit 4) while any binding uses it.",
      footer = {"", "Example:", "  spaceport roles delete reviewer"})
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "ROLE", description = "Role ID or name.")
    String role;

    @Override
    int run() {
      String id = new Resolve(client).roleId(role);
      client.roles().delete(id);
      printer.message("Deleted role " + role + ".");
      return ExitCodes.OK;
    }
  }

  @Command(name = "permissions", mixinStandardHelpOptions = true,
      description = "List the permission identifiers a custom role may hold (no server needed).",
      footer = {"", "Example:", "  spaceport roles permissions | grep SPACE_"})
  static final class Permissions implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      java.io.PrintWriter out = SpaceportCommand.context(spec).out();
      for (Permission p : Permission.values()) {
        out.println(p.name());
      }
      out.flush();
    }
  }

  static List<Permission> parse(List<String> names) {
    Set<Permission> result = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      String n = name.strip().toUpperCase(Locale.ROOT);
      if (n.isEmpty()) {
        continue;
      }
      Permission.parse(n).ifPresentOrElse(result::add, () -> unknown.add(name.strip()));
    }
    if (!unknown.isEmpty()) {
      throw new UsageException("unknown permission" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + " (see `spaceport roles permissions`)");
    }
    return new ArrayList<>(result);
  }
}
