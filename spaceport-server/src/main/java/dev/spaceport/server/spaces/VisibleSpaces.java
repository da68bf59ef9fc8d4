package dev.spaceport.server.spaces;

import dev.spaceport.server.access.Access;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "My spaces": a page of the spaces list for a caller who is not an account admin, without a name
 * filter, at a cost set by the page size rather than by how many spaces exist or how many the
 * caller can see.
 *
 * <p>Filtering the whole list by visibility would walk every space in list order until a page of
 * visible ones turns up (a member of 100 spaces among a million reads most of the table), and
 * sorting the caller's spaces would sort all of them (100,000 memberships). Instead, each way a
 * space becomes visible is its own stream already in list order — each organization the caller
 * administers (index {@code spaces_org_order}), their space memberships and their role bindings
 * (indexes on {@code (user_id, space_created_at, space_id)}, migration V20) — and each stream
 * gives at most a page past the cursor. The page is the first rows of their union: any row of the
 * true page is among the first rows of the stream it comes from.
 */
final class VisibleSpaces {

  /** Beyond this many administered organizations, one stream per organization costs too much. */
  static final int MAX_ADMINISTERED_ORGANIZATIONS = 20;

  private VisibleSpaces() {}

  /**
   * The page, or empty when the caller administers too many organizations for this plan (the
   * general visibility filter then serves it).
   */
  static <R> Optional<List<R>> page(Tx tx, long userId, Long organizationId, PageRequest page,
      String columns, RowMapper<R> mapper) throws SQLException {
    List<Long> administered = Access.administeredOrganizations(tx, userId, organizationId);
    if (administered.size() > MAX_ADMINISTERED_ORGANIZATIONS) {
      return Optional.empty();
    }
    List<String> streams = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    for (long organization : administered) {
      streams.add("SELECT id FROM (SELECT id FROM spaces WHERE organization_id = ? "
          + "AND (created_at, id) > (?, ?) ORDER BY created_at, id " + Tx.LIMIT
          + ") AS administered");
      args.addAll(List.of(organization, page.afterCreatedAt(), page.afterId(), page.fetchSize()));
    }
    for (String grants : List.of("space_memberships", "role_bindings")) {
      streams.add(grantStream(grants, organizationId != null));
      args.add(userId);
      if (organizationId != null) {
        args.add(organizationId);
      }
      args.addAll(List.of(page.afterCreatedAt(), page.afterId(), page.fetchSize()));
    }
    args.add(page.fetchSize());
    return Optional.of(tx.query("SELECT " + columns + " FROM spaces s WHERE s.id IN ("
        + String.join(" UNION ALL ", streams) + ") ORDER BY s.created_at, s.id " + Tx.LIMIT,
        mapper, args.toArray()));
  }

  /**
   * The spaces a user's rows in {@code table} grant, in list order. With an organization filter
   * the grants are still walked in order (CROSS JOIN keeps SQLite from starting at the
   * organization's spaces instead), skipping those of other organizations.
   */
  private static String grantStream(String table, boolean inOrganization) {
    String from = inOrganization
        ? table + " g CROSS JOIN spaces o WHERE o.id = g.space_id AND g.user_id = ? "
            + "AND o.organization_id = ?"
        : table + " g WHERE g.user_id = ?";
    if (table.equals("role_bindings")) {
      from += " AND " + Access.bindingGrantsRead("g");
    }
    return "SELECT id FROM (SELECT g.space_id AS id FROM " + from
        + " AND (g.space_created_at, g.space_id) > (?, ?)"
        + " ORDER BY g.space_created_at, g.space_id " + Tx.LIMIT + ") AS granted";
  }
}
