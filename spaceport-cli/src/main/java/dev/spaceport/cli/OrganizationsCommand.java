package dev.spaceport.cli;

import dev.spaceport.api.Organization;
import dev.spaceport.api.OrganizationMembership;
import dev.spaceport.api.Space;
import dev.spaceport.client.SpaceListParams;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spaceport orgs …}: organizations and who belongs to them. */
@Command(name = "orgs", aliases = "organizations", mixinStandardHelpOptions = true,
    description = "Organizations: list, read, create, change and delete them, and manage their "
        + "members. ORG is an organization ID or name; USER a user ID or email.",
    footer = {"", "Example:", "  spaceport orgs create acme --description \"Acme Inc.\""})
final class OrganizationsCommand extends GroupCommand {

  @Override
  List<String> subcommandNames() {
    return List.of("list", "get", "create", "update", "delete", "add-user", "remove-user");
  }

  @Override
  Object subcommand(String name) {
    return switch (name) {
      case "list" -> new ListOrgs();
      case "get" -> new Get();
      case "create" -> new Create();
      case "update" -> new Update();
      case "delete" -> new Delete();
      case "add-user" -> new AddUser();
      case "remove-user" -> new RemoveUser();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the organizations you belong to (all of them, for account admins).",
      footer = {"", "Example:", "  spaceport orgs list --name acme"})
  static final class ListOrgs extends ApiCommand {
    @Option(names = "--name", paramLabel = "TEXT",
        description = "Only organizations whose name contains TEXT (case-insensitive).")
    String name;

    @Mixin
    ListOptions page;

    @Override
    int run() {
      return printList(Kind.ORGANIZATION, page, p -> client.organizations().list(name, p),
          () -> client.organizations().listAll(name), Organization::id);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one organization.",
      footer = {"", "Example:", "  spaceport orgs get acme -o yaml"})
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "ORG", description = "Organization ID or name.")
    String org;

    @Override
    int run() {
      Organization o = client.organizations().get(org);
      printObject(Kind.ORGANIZATION, o, o.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an organization (account admins only).",
      footer = {"", "Example:", "  spaceport orgs create acme --description \"Acme Inc.\""})
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "Name, unique in the account.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "Description.")
    String description;

    @Override
    int run() {
      Organization o = client.organizations().create(name, description);
      printObject(Kind.ORGANIZATION, o, o.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Rename an organization or change its description.",
      footer = {"", "Example:", "  spaceport orgs update acme --name acme-corp"})
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "ORG", description = "Organization ID or name.")
    String org;

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
      Organization o = client.organizations().update(org, name, description);
      printObject(Kind.ORGANIZATION, o, o.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete an organization with all its spaces. Irreversible; asks first.",
      footer = {"", "Example:", "  spaceport orgs delete acme --yes"})
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "ORG", description = "Organization ID or name.")
    String org;

    @Mixin
    YesOption confirm;

    @Override
    int run() {
      Organization o = client.organizations().get(org);
      if (!confirm.yes && ctx.interactive()) {
        List<Space> spaces = client.spaces().list(
            new SpaceListParams(o.id(), null, 100, null)).items();
        confirm(false, "permanently delete organization '" + o.name() + "' (" + o.id() + ")",
            spacesLine(spaces), "and all its memberships");
      } else {
        confirm(confirm.yes, "delete organization '" + o.name() + "'");
      }
      client.organizations().delete(o.id());
      printer.message("Deleted organization '" + o.name() + "'.");
      return ExitCodes.OK;
    }

    private static String spacesLine(List<Space> spaces) {
      if (spaces.isEmpty()) {
        return "with no spaces that you can see";
      }
      List<String> names = spaces.stream().limit(10).map(s -> "'" + s.name() + "'").toList();
      return "with its spaces " + String.join(", ", names)
          + (spaces.size() > 10 ? " and more" : "") + ", and everything in them";
    }
  }

  @Command(name = "add-user", mixinStandardHelpOptions = true,
      description = "Add a user to an organization, or change their role in it.",
      footer = {"", "Example:", "  spaceport orgs add-user acme ada@example.com --role member"})
  static final class AddUser extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ORG", description = "Organization ID or name.")
    String org;

    @Parameters(index = "1", paramLabel = "USER", description = "User ID or email.")
    String user;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "admin, member, read-only or annotator.")
    String role;

    @Override
    int run() {
      var predefined = Resolve.predefinedOnly(role, "organization role");
      String orgId = client.organizations().resolveId(org);
      OrganizationMembership m = client.organizations().addUser(orgId,
          new Resolve(client).user(user), predefined);
      printObject(Kind.ORGANIZATION_MEMBERSHIP, m, m.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove-user", mixinStandardHelpOptions = true,
      description = "Remove a user from an organization and from every space in it; asks first.",
      footer = {"", "Example:", "  spaceport orgs remove-user acme ada@example.com --yes"})
  static final class RemoveUser extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ORG", description = "Organization ID or name.")
    String org;

    @Parameters(index = "1", paramLabel = "USER", description = "User ID or email.")
    String user;

    @Mixin
    YesOption confirm;

    @Override
    int run() {
      // It asks like spaces remove-user does: it takes away more (every space of the org).
      Organization o = client.organizations().get(org);
      String userId = new Resolve(client).user(user);
      confirm(confirm.yes, "remove user " + user + " from organization '" + o.name() + "'",
          "and from every space in it: their memberships and role bindings there");
      client.organizations().removeUser(o.id(), userId);
      printer.message("Removed " + user + " from organization '" + o.name() + "'.");
      return ExitCodes.OK;
    }
  }

}
