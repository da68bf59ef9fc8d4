package dev.spaceport.cli;

import dev.spaceport.api.RoleBinding;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spaceport role-bindings …}: custom roles granted to users on spaces. */
@Command(name = "role-bindings", mixinStandardHelpOptions = true,
    description = "Role bindings: a role granted to one user on one space. BINDING is a binding "
        + "ID; ROLE a role ID or name; USER a user ID or email; SPACE a space ID or name.",
    footer = {"", "Example:",
        "  spaceport role-bindings create --role reviewer --user ada@example.com --space production"})
final class RoleBindingsCommand extends GroupCommand {

  @Override
  List<String> subcommandNames() {
    return List.of("list", "get", "create", "update", "delete");
  }

  @Override
  Object subcommand(String name) {
    return switch (name) {
      case "list" -> new ListBindings();
      case "get" -> new Get();
      case "create" -> new Create();
      case "update" -> new Update();
      case "delete" -> new Delete();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the space role bindings you may read.",
      footer = {"", "Example:", "  spaceport role-bindings list --user ada@example.com"})
  static final class ListBindings extends ApiCommand {
    @Option(names = "--user", paramLabel = "USER", description = "Only this user's bindings.")
    String user;

    @Mixin
    ListOptions page;

    @Override
    int run() {
      String userId = user == null ? null : new Resolve(client).user(user);
      return printList(Kind.ROLE_BINDING, page, p -> client.roleBindings().list(userId, p),
          () -> client.roleBindings().listAll(userId), RoleBinding::id);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one role binding.",
      footer = {"", "Example:", "  spaceport role-bindings get Um9sZUJpbmRpbmc6MTpYeVo="})
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "BINDING", description = "Role binding ID.")
    String binding;

    @Override
    int run() {
      RoleBinding b = client.roleBindings().get(binding);
      printObject(Kind.ROLE_BINDING, b, b.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Grant a role to a user on a space (one binding per user per space).",
      footer = {"", "Example:",
          "  spaceport role-bindings create --role reviewer --user ada@example.com --space production"})
  static final class Create extends ApiCommand {
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "Role ID or name.")
    String role;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "User ID or email.")
    String user;

    @Option(names = "--space", required = true, paramLabel = "SPACE",
        description = "Space ID or name.")
    String space;

    @Override
    int run() {
      Resolve resolve = new Resolve(client);
      RoleBinding b = client.roleBindings().createOnSpace(resolve.roleId(role),
          resolve.user(user), client.spaces().resolveId(space));
      printObject(Kind.ROLE_BINDING, b, b.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Give a binding another role.",
      footer = {"", "Example:", "  spaceport role-bindings update Um9sZUJpbmRpbmc6MTpYeVo= --role auditor"})
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "BINDING", description = "Role binding ID.")
    String binding;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "Role ID or name.")
    String role;

    @Override
    int run() {
      RoleBinding b = client.roleBindings().update(binding, new Resolve(client).roleId(role));
      printObject(Kind.ROLE_BINDING, b, b.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a role binding.",
      footer = {"", "Example:", "  spaceport role-bindings delete Um9sZUJpbmRpbmc6MTpYeVo="})
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "BINDING", description = "Role binding ID.")
    String binding;

    @Override
    int run() {
      client.roleBindings().delete(binding);
      printer.message("Deleted role binding " + binding + ".");
      return ExitCodes.OK;
    }
  }
}
