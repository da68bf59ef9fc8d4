package dev.spaceport.cli;

import dev.spaceport.api.ApiKeyCreated;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.User;
import dev.spaceport.api.UserCreated;
import dev.spaceport.client.UsersClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spaceport users …}: account-level users, and API keys minted for them. */
@Command(name = "users", mixinStandardHelpOptions = true,
    description = "Users of the account: list, read, create, change and delete them, and mint "
        + "API keys for them. USER is a user ID or email.",
    footer = {"", "Example:", "  spaceport users create ada@example.com --name \"Ada Lovelace\""})
final class UsersCommand extends GroupCommand {

  @Override
  List<String> subcommandNames() {
    return List.of("list", "get", "create", "update", "delete", "create-key");
  }

  @Override
  Object subcommand(String name) {
    return switch (name) {
      case "list" -> new ListUsers();
      case "get" -> new Get();
      case "create" -> new Create();
      case "update" -> new Update();
      case "delete" -> new Delete();
      case "create-key" -> new CreateKey();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.",
      footer = {"", "Example:", "  spaceport users list --status active --all -o json"})
  static final class ListUsers extends ApiCommand {
    @Option(names = "--email", paramLabel = "EMAIL",
        description = "Only the user with this email (case-insensitive).")
    String email;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
        description = "Only users with this status: active, invited, expired (repeatable).")
    List<String> statuses = new ArrayList<>();

    @Mixin
    ListOptions page;

    @Override
    int run() {
      boolean unfiltered = email == null && statuses.isEmpty();
      return printList(Kind.USER, page, p -> client.users().list(email, statuses, p),
          unfiltered ? () -> client.users().listAll() : null, User::id);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one user.",
      footer = {"", "Example:", "  spaceport users get ada@example.com"})
  static final class Get extends ApiCommand {
    @Parameters(paramLabel = "USER", description = "User ID or email.")
    String user;

    @Override
    int run() {
      User u = client.users().get(new Resolve(client).user(user));
      printObject(Kind.USER, u, u.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a user (account admins only). Spaceport sends no mail, so the user "
          + "is active at once (invite mode none).",
      footer = {"", "Example:",
          "  spaceport users create ada@example.com --name \"Ada Lovelace\" --role member"})
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "EMAIL", description = "Email, unique in the account.")
    String email;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Full name.")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "member",
        description = "Account role: admin, member or annotator (default ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--invite-mode", paramLabel = "MODE", defaultValue = "none",
        description = "none, email_link or temporary_password (default ${DEFAULT-VALUE}; "
            + "Spaceport accepts only none).")
    String inviteMode;

    @Option(names = "--developer", negatable = true,
        description = "May use API keys (default: yes, except for annotators).")
    Boolean developer;

    @Override
    int run() {
      PredefinedRole accountRole = Resolve.predefinedOnly(role, "account role");
      UsersClient.InviteMode mode;
      try {
        mode = UsersClient.InviteMode.valueOf(inviteMode.strip().toUpperCase(Locale.ROOT)
            .replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new UsageException("unknown invite mode '" + inviteMode
            + "': expected none, email_link or temporary_password");
      }
      UserCreated u = client.users().create(name, email, accountRole, mode, developer);
      printObject(Kind.USER, u, u.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Rename a user, or change whether they may use API keys.",
      footer = {"", "Example:", "  spaceport users update ada@example.com --no-developer"})
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "USER", description = "User ID or email.")
    String user;

    @Option(names = "--name", paramLabel = "NAME", description = "New name.")
    String name;

    @Option(names = "--developer", negatable = true,
        description = "Whether the user may use API keys.")
    Boolean developer;

    @Override
    int run() {
      if (name == null && developer == null) {
        throw new UsageException("nothing to change: give --name and/or --[no-]developer");
      }
      User u = client.users().update(new Resolve(client).user(user), name, developer);
      printObject(Kind.USER, u, u.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a user: blocks them, revokes their keys, removes all their "
          + "memberships and bindings. Asks first.",
      footer = {"", "Example:", "  spaceport users delete ada@example.com --yes"})
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "USER", description = "User ID or email.")
    String user;

    @Mixin
    YesOption confirm;

    @Override
    int run() {
      User u = client.users().get(new Resolve(client).user(user));
      confirm(confirm.yes, "delete user '" + u.name() + "' <" + u.email() + "> (" + u.id() + ")",
          "they are blocked, their API keys are revoked, and all their organization and space "
              + "memberships and role bindings are removed");
      client.users().delete(u.id());
      printer.message("Deleted user " + u.email() + ".");
      return ExitCodes.OK;
    }
  }

  @Command(name = "create-key", mixinStandardHelpOptions = true,
      description = "Mint an API key that authenticates as the user (account admins only). "
          + "The secret is printed once.",
      footer = {"", "Example:",
          "  spaceport users create-key ada@example.com --name \"ada laptop\" --expires-at 90d"})
  static final class CreateKey extends ApiCommand {
    @Parameters(paramLabel = "USER", description = "User ID or email.")
    String user;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Key name.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "Description.")
    String description;

    @Option(names = "--expires-at", paramLabel = "TIME", converter = Times.InstantConverter.class,
        description = "Expiry: RFC 3339 time, a date, or a duration from now such as 90d "
            + "(default: never).")
    Instant expiresAt;

    @Override
    int run() {
      ApiKeyCreated k = client.users().createApiKey(new Resolve(client).user(user), name,
          description, expiresAt);
      printObject(Kind.API_KEY, k, k.id());
      if (printer.isTable()) {
        ctx.err().println("The key is shown only this once: store it now.");
        ctx.err().flush();
      }
      return ExitCodes.OK;
    }
  }
}
