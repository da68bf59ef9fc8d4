package dev.spaceport.cli;

import dev.spaceport.api.ApiKey;
import dev.spaceport.api.ApiKeyCreated;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spaceport keys …}: the caller's own API keys. */
@Command(name = "keys", aliases = "api-keys", mixinStandardHelpOptions = true,
    description = "Your own API keys: list, create, delete and refresh them. Secrets are printed "
        + "once, by the command that makes them. KEY is an API key ID.",
    footer = {"", "Example:", "  spaceport keys create ci --expires-at 30d -o json | jq -r .key"})
final class KeysCommand extends GroupCommand {

  @Override
  List<String> subcommandNames() {
    return List.of("list", "create", "delete", "refresh");
  }

  @Override
  Object subcommand(String name) {
    return switch (name) {
      case "list" -> new ListKeys();
      case "create" -> new Create();
      case "delete" -> new Delete();
      case "refresh" -> new Refresh();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List your API keys.",
      footer = {"", "Example:", "  spaceport keys list --status active"})
  static final class ListKeys extends ApiCommand {
    @Option(names = "--type", paramLabel = "TYPE", description = "Only user or service keys.")
    String keyType;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only active or deleted keys.")
    String status;

    @Mixin
    ListOptions page;

    @Override
    int run() {
      boolean unfiltered = keyType == null && status == null;
      return printList(Kind.API_KEY, page, p -> client.apiKeys().list(keyType, status, p),
          unfiltered ? () -> client.apiKeys().listAll() : null, ApiKey::id);
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an API key for yourself; its secret is printed once.",
      footer = {"", "Example:", "  spaceport keys create laptop --expires-at 2027-01-31"})
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "Key name.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "Description.")
    String description;

    @Option(names = "--expires-at", paramLabel = "TIME", converter = Times.InstantConverter.class,
        description = "Expiry: RFC 3339 time, a date, or a duration from now such as 90d "
            + "(default: never).")
    Instant expiresAt;

    @Override
    int run() {
      ApiKeyCreated k = client.apiKeys().create(name, description, expiresAt);
      printObject(Kind.API_KEY, k, k.id());
      if (printer.isTable()) {
        ctx.err().println("The key is shown only this once: store it now.");
        ctx.err().flush();
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete an API key; it stops working at once.",
      footer = {"", "Example:", "  spaceport keys delete QXBpS2V5OjQ6YWJj"})
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "KEY", description = "API key ID.")
    String key;

    @Override
    int run() {
      client.apiKeys().delete(key);
      printer.message("Deleted API key " + key + ".");
      return ExitCodes.OK;
    }
  }

  @Command(name = "refresh", mixinStandardHelpOptions = true,
      description = "Issue a new secret for an API key; the old one keeps working for the grace "
          + "period.",
      footer = {"", "Example:", "  spaceport keys refresh QXBpS2V5OjQ6YWJj --grace-period 1h"})
  static final class Refresh extends ApiCommand {
    @Parameters(paramLabel = "KEY", description = "API key ID.")
    String key;

    @Option(names = "--expires-at", paramLabel = "TIME", converter = Times.InstantConverter.class,
        description = "New expiry: RFC 3339 time, a date, or a duration from now such as 90d.")
    Instant expiresAt;

    @Option(names = "--grace-period", paramLabel = "DURATION",
        converter = Times.DurationConverter.class,
        description = "How long the old secret keeps working, e.g. 90s, 15m, 1h (default: it "
            + "stops at once).")
    Duration gracePeriod;

    @Override
    int run() {
      ApiKeyCreated k = client.apiKeys().refresh(key, expiresAt, gracePeriod);
      printObject(Kind.API_KEY, k, k.id());
      if (printer.isTable()) {
        ctx.err().println("The new key is shown only this once: store it now.");
        ctx.err().flush();
      }
      return ExitCodes.OK;
    }
  }
}
