package dev.spaceport.cli;

import dev.spaceport.api.Space;
import dev.spaceport.api.SpaceMembership;
import dev.spaceport.client.SpaceListParams;
import dev.spaceport.client.SpaceUpdateParams;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spaceport spaces …}: every space operation of the SDK, plus bulk membership. */
@Command(name = "spaces", mixinStandardHelpOptions = true,
    description = "Spaces: list, read, create, change and delete them, and manage their members. "
        + "SPACE is a space ID or name; ORG an organization ID or name; USER a user ID or email.",
    footer = {"", "Example:", "  spaceport spaces list --org acme --all"})
final class SpacesCommand extends GroupCommand {

  @Override
  List<String> subcommandNames() {
    return List.of("list", "get", "create", "update", "delete", "add-user", "remove-user",
        "members", "add-users");
  }

  @Override
  Object subcommand(String name) {
    return switch (name) {
      case "list" -> new ListSpaces();
      case "get" -> new Get();
      case "create" -> new Create();
      case "update" -> new Update();
      case "delete" -> new Delete();
      case "add-user" -> new AddUser();
      case "remove-user" -> new RemoveUser();
      case "members" -> new Members();
      case "add-users" -> new BulkAddUsers();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the spaces you can access.",
      footer = {"", "Examples:", "  spaceport spaces list --org acme --name prod",
          "  spaceport spaces list --name production --exact",
          "  spaceport spaces list --all -o json | jq -r .name"})
  static final class ListSpaces extends ApiCommand {
    @Option(names = "--org", paramLabel = "ORG",
        description = "Only spaces of this organization (ID or name).")
    String org;

    @Option(names = "--name", paramLabel = "TEXT",
        description = "Only spaces whose name contains TEXT (case-insensitive).")
    String name;

    @Option(names = "--exact",
        description = "With --name: only spaces named exactly TEXT (case-sensitive).")
    boolean exact;

    @Mixin
    ListOptions page;

    @Override
    int run() {
      if (exact && (name == null || name.isEmpty())) {
        throw new UsageException("--exact needs --name");
      }
      String orgId = org == null ? null : client.organizations().resolveId(org);
      return printList(Kind.SPACE, page,
          p -> client.spaces().list(new SpaceListParams(orgId, name, p.limit(), p.cursor(),
              exact)),
          () -> client.spaces().listAll(new SpaceListParams(orgId, name, null, null, exact)),
          Space::id);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one space.",
      footer = {"", "Example:", "  spaceport spaces get production"})
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "SPACE", description = "Space ID or name.")
    String space;

    @Override
    int run() {
      Space s = client.spaces().get(space);
      printObject(Kind.SPACE, s, s.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a space in an organization; you become its admin.",
      footer = {"", "Example:",
          "  spaceport spaces create production --org acme --description \"Live models\""})
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "Name, unique within the organization.")
    String name;

    @Option(names = "--org", required = true, paramLabel = "ORG",
        description = "Organization ID or name.")
    String org;

    @Option(names = "--description", paramLabel = "TEXT", description = "Description.")
    String description;

    @Override
    int run() {
      Space s = client.spaces().create(name, client.organizations().resolveId(org), description);
      printObject(Kind.SPACE, s, s.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Rename a space or change its description.",
      footer = {"", "Example:", "  spaceport spaces update production --name prod --description \"\""})
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "SPACE", description = "Space ID or name.")
    String space;

    @Option(names = "--name", paramLabel = "NAME", description = "New name.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT",
        description = "New description (\"\" clears it).")
    String description;

    @Override
    int run() {
      if (name == null && description == null) {
        throw new UsageException("nothing to change: give --name and/or --description");
      }
      Space s = client.spaces().update(space, new SpaceUpdateParams(name, description));
      printObject(Kind.SPACE, s, s.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a space and everything in it. Irreversible; asks first.",
      footer = {"", "Example:", "  spaceport spaces delete staging --yes"})
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "SPACE", description = "Space ID or name.")
    String space;

    @Mixin
    YesOption confirm;

    @Override
    int run() {
      Space s = client.spaces().get(space);
      confirm(confirm.yes, "permanently delete space '" + s.name() + "' (" + s.id() + ")",
          "and everything in it: its memberships, role bindings and service keys");
      client.spaces().delete(s.id());
      printer.message("Deleted space '" + s.name() + "'.");
      return ExitCodes.OK;
    }
  }

  @Command(name = "add-user", mixinStandardHelpOptions = true,
      description = {"Give a user a role on a space, or change the role they have.",
          "The user must belong to the space's organization (spaceport orgs add-user)."},
      footer = {"", "Examples:", "  spaceport spaces add-user production ada@example.com --role read-only",
          "  spaceport spaces add-user production ada@example.com --role reviewer   # a custom role"})
  static final class AddUser extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SPACE", description = "Space ID or name.")
    String space;

    @Parameters(index = "1", paramLabel = "USER", description = "User ID or email.")
    String user;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "admin, member, read-only, annotator, or a custom role's ID or name.")
    String role;

    @Override
    int run() {
      Resolve resolve = new Resolve(client);
      String spaceId = client.spaces().resolveId(space);
      SpaceMembership m = client.spaces().addUser(spaceId, resolve.user(user),
          resolve.spaceRole(role));
      printObject(Kind.SPACE_MEMBERSHIP, m, m.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove-user", mixinStandardHelpOptions = true,
      description = "Remove a user's membership and role bindings from a space; asks first.",
      footer = {"", "Example:", "  spaceport spaces remove-user production ada@example.com --yes"})
  static final class RemoveUser extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SPACE", description = "Space ID or name.")
    String space;

    @Parameters(index = "1", paramLabel = "USER", description = "User ID or email.")
    String user;

    @Mixin
    YesOption confirm;

    @Override
    int run() {
      Space s = client.spaces().get(space);
      String userId = new Resolve(client).user(user);
      confirm(confirm.yes, "remove user " + user + " from space '" + s.name() + "'",
          "their membership and every role binding they have on the space");
      client.spaces().removeUser(s.id(), userId);
      printer.message("Removed " + user + " from space '" + s.name() + "'.");
      return ExitCodes.OK;
    }
  }

  @Command(name = "members", mixinStandardHelpOptions = true,
      description = "List a space's memberships and custom role bindings (a user with both "
          + "appears twice).",
      footer = {"", "Example:", "  spaceport spaces members production --all"})
  static final class Members extends ApiCommand {
    @Parameters(paramLabel = "SPACE", description = "Space ID or name.")
    String space;

    @Mixin
    ListOptions page;

    @Override
    int run() {
      String id = client.spaces().resolveId(space);
      return printList(Kind.SPACE_MEMBERSHIP, page, p -> client.spaces().listMembers(id, p),
          () -> client.spaces().listAllMembers(id), SpaceMembership::id);
    }
  }
}
