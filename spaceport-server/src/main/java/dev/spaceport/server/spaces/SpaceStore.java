package dev.spaceport.server.spaces;

import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.NameFilter;
import dev.spaceport.server.paging.NameMatch;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.paging.Scan;
import dev.spaceport.server.store.Columns;
import dev.spaceport.server.store.Dialect;
import dev.spaceport.server.store.Like;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for spaces. */
final class SpaceStore {

  private static final String COLUMNS =
      "s.id, s.suffix, s.organization_id, s.name, s.description, s.created_at";
  /**
   * Reads {@link #COLUMNS} by position: sqlite-jdbc looks a column name up anew on every call,
   * which cost a list page of 50 about as much as reading its values; text goes through
   * {@link Columns#text}.
   */
  private static final RowMapper<SpaceRow> ROW = rs -> new SpaceRow(rs.getLong(1),
      Columns.text(rs, 2), rs.getLong(3), Columns.text(rs, 4), Columns.text(rs, 5),
      rs.getLong(6));

  Optional<SpaceRow> find(Tx tx, PublicId id) throws SQLException {
    return tx.queryOne("SELECT " + COLUMNS + " FROM spaces s WHERE s.id = ? AND s.suffix = ?",
        ROW, id.number(), id.suffix());
  }

  /** The INSERT of a new space's row, numbered ahead ({@link Dialect#nextRowNumber}). */
  Tx.Statement insert(SpaceRow space) {
    return new Tx.Statement("""
        INSERT INTO spaces (id, suffix, organization_id, name, name_key, description, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)""",
        space.id(), space.suffix(), space.organizationId(), space.name(), Like.key(space.name()),
        space.description(), space.createdAt());
  }

  void update(Tx tx, SpaceRow space) throws SQLException {
    tx.update("UPDATE spaces SET name = ?, name_key = ?, description = ? WHERE id = ?",
        space.name(), Like.key(space.name()), space.description(), space.id());
  }

  /** Deletes the space; foreign keys cascade to its memberships, bindings and scoped keys. */
  void delete(Tx tx, long spaceId) throws SQLException {
    tx.update("DELETE FROM spaces WHERE id = ?", spaceId);
  }

  /**
   * One page of the spaces {@code caller} can see, in creation order, after the request's cursor;
   * with a name filter the page may end early (see {@link NameFilter}).
   */
  Scan<SpaceRow> list(Tx tx, Caller caller, Long organizationId, String nameContains,
      PageRequest page) throws SQLException {
    List<String> conditions = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (organizationId != null) {
      conditions.add("s.organization_id = ?");
      args.add(organizationId);
    }
    Optional<Access.Condition> visible = Access.visibleSpaces(caller);
    if (visible.isPresent() && nameContains == null) {
      Optional<List<SpaceRow>> mine = VisibleSpaces.page(tx, caller.userId(), organizationId,
          page, COLUMNS, ROW);
      if (mine.isPresent()) {
        return Scan.complete(mine.get());
      }
    }
    visible.ifPresent(v -> {
      conditions.add(v.sql());
      args.addAll(v.args());
    });
    return NameFilter.list(tx, new NameFilter.Source("spaces", "s", COLUMNS, conditions, args),
        nameContains, page, ROW);
  }

  /**
   * One page of the spaces {@code caller} can see named exactly {@code name} ({@code name_match=
   * exact}), in creation order, after the request's cursor: an equality lookup on a name index
   * ({@link NameFilter#list(Tx, NameFilter.Source, String, NameMatch, PageRequest, RowMapper)}).
   */
  Scan<SpaceRow> listExact(Tx tx, Caller caller, Long organizationId, String name,
      PageRequest page) throws SQLException {
    List<String> conditions = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (organizationId != null) {
      conditions.add("s.organization_id = ?");
      args.add(organizationId);
    }
    Access.visibleSpaces(caller).ifPresent(v -> {
      conditions.add(v.sql());
      args.addAll(v.args());
    });
    return NameFilter.list(tx, new NameFilter.Source("spaces", "s", COLUMNS, conditions, args),
        name, NameMatch.EXACT, page, ROW);
  }
}
