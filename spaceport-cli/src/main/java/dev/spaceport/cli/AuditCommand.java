package dev.spaceport.cli;

import dev.spaceport.api.AuditLogEntry;
import dev.spaceport.client.AuditLogListParams;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spaceport audit …}: the audit log (a Spaceport extension). */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "The audit log: every change, who made it (user and API key), on which "
        + "resource, when, in which request, with the values before and after. Account admins "
        + "read every record, organization admins those of their organizations.",
    footer = {"", "Example:", "  spaceport audit list --action space.delete --since 2026-06-01"})
final class AuditCommand extends GroupCommand {

  @Override
  List<String> subcommandNames() {
    return List.of("list");
  }

  @Override
  Object subcommand(String name) {
    return switch (name) {
      case "list" -> new ListRecords();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List audit log records, oldest first. Filters combine with AND.",
      footer = {"", "Examples:", "  spaceport audit list --resource-type Space --limit 20",
          "  spaceport audit list --actor usr_123 --since 2026-06-01T00:00:00Z --all -o json",
          "  spaceport audit list --resource-id spc_123 --action space.update"})
  static final class ListRecords extends ApiCommand {
    @Option(names = "--resource-type", paramLabel = "TYPE",
        description = "Only records about this kind of resource: Space, Organization, User, "
            + "Role, RoleBinding or ApiKey.")
    String resourceType;

    @Option(names = "--resource-id", paramLabel = "ID",
        description = "Only records about this resource (its ID).")
    String resourceId;

    @Option(names = "--actor", paramLabel = "USER_ID",
        description = "Only changes made by this user (a user ID).")
    String actor;

    @Option(names = "--action", paramLabel = "ACTION",
        description = "Only this action, e.g. space.create, space.user.add.")
    String action;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
        description = "Only records at or after TIME: RFC 3339 (2026-06-01T12:00:00Z) or a date "
            + "(midnight UTC).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class,
        description = "Only records before TIME (as --since).")
    Instant until;

    @Mixin
    ListOptions page;

    @Override
    int run() {
      AuditLogListParams filters = new AuditLogListParams(resourceType, resourceId, actor, action,
          since, until, null, null);
      return printList(Kind.AUDIT_LOG, page,
          p -> client.auditLogs().list(new AuditLogListParams(resourceType, resourceId, actor,
              action, since, until, p.limit(), p.cursor())),
          () -> client.auditLogs().listAll(filters),
          AuditLogEntry::id);
    }
  }

  /** An RFC 3339 time, or a date (midnight UTC). */
  static final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      String t = value.strip();
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException notTimestamp) {
        try {
          return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
          throw new CommandLine.TypeConversionException("'" + value + "' is not a time: use "
              + "RFC 3339 (2026-06-01T12:00:00Z) or a date (2026-06-01)");
        }
      }
    }
  }
}
