package dev.spaceport.server.paging;

import dev.spaceport.server.store.Dialect;
import dev.spaceport.server.store.Like;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of a list in {@code (created_at, id)} order, optionally filtered by the
 * case-insensitive substring {@code name} filter, planned so that a page costs about the same for
 * rare, common and absent terms, at any depth, on SQLite and PostgreSQL alike — and, like every
 * list, found by key alone (no {@code OFFSET}):
 *
 * <ol>
 *   <li><b>Few in the index.</b> Where the name index can count cheaply
 *       ({@link Dialect#nameIndexCount}: SQLite's FTS5), a term with a trigram
 *       ({@link Like#isIndexable}: three consecutive letters or digits) that the whole index holds
 *       fewer than {@value #FEW_IN_INDEX} times is read through the index at once: ordering that
 *       few rows costs less than reading a window. One it holds more often is likely common near
 *       the cursor too, so the next rows are tried first ({@link #countedWindow}); a page they
 *       fill is done.
 *   <li><b>Window.</b> Find where the next {@value #SCAN_WINDOW} rows past the cursor end (the
 *       last of their keys, walked along the list-order index within the list's other filters,
 *       and only if a row follows it), then test the names of the rows up to there, read along
 *       that index. A common term fills the page here.
 *   <li>If the window held the rest of the list, the page is final.
 *   <li><b>Index.</b> A term with a trigram is rare near the cursor: the name index (FTS5 trigram
 *       on SQLite, pg_trgm GIN on PostgreSQL; {@link Dialect#indexedNameMatch}) finds its rows,
 *       which are then ordered.
 *   <li><b>Short terms</b> (1–2 characters, or no three letters/digits in a row) can't use an index,
 *       and finding a page of rare ones could mean reading the whole table. So the page ends at the
 *       window: it holds what matched there — possibly nothing — and {@code has_more} is true with a
 *       cursor just after the window's last row. A request never examines more than
 *       {@value #SCAN_WINDOW} rows; clients follow {@code next_cursor} as always.
 * </ol>
 *
 * With {@link NameMatch#EXACT} the term is the whole name: one equality lookup ({@link #exact}).
 *
 * Every statement is complete on its own (a window is bounded by a key, not by a row count the
 * next statement could see differently), so pages neither repeat nor skip rows under PostgreSQL's
 * per-statement snapshots either. The statements that test the term are planned for it on every use
 * ({@link Tx.Statement#plannedPerUse}): which index pays off depends on how rare the term is.
 */
public final class NameFilter {

  /** Rows one request examines at most before the name index or a short page takes over. */
  public static final int SCAN_WINDOW = 2_000;

  /**
   * Below this many matches in the whole name index a term is read through the index without a
   * window. Measured on SQLite at 1,000,000 spaces (bench/NOTES.md): a match read through FTS5 and
   * ordered costs ~4 µs, a window of {@value #SCAN_WINDOW} rows with its end ~1 ms.
   */
  static final int FEW_IN_INDEX = 250;

  private NameFilter() {}

  /**
   * What a list reads before the name filter: the rows of {@code table} (aliased {@code alias},
   * with columns {@code id}, {@code created_at}, {@code name_key}) that meet every condition.
   * Conditions are SQL on the alias; {@code args} bind their placeholders in order. A page's rows
   * carry {@code columns} (SQL on the alias), so a mapper may read them by position.
   */
  public record Source(String table, String alias, String columns, List<String> conditions,
      List<Object> args) {

    public Source {
      conditions = List.copyOf(conditions);
      args = List.copyOf(args);
    }

    /** A source whose pages carry every column of the table. */
    public Source(String table, String alias, List<String> conditions, List<Object> args) {
      this(table, alias, alias + ".*", conditions, args);
    }
  }

  /**
   * The rows of one page after {@code page}'s cursor whose name contains {@code term} (all rows
   * when {@code term} is null), with the key to resume after when the page was cut short.
   */
  public static <R> Scan<R> list(Tx tx, Source source, String term, PageRequest page,
      RowMapper<R> mapper) throws SQLException {
    return list(tx, source, term, NameMatch.SUBSTRING, page, mapper);
  }

  /**
   * As {@link #list(Tx, Source, String, PageRequest, RowMapper)}, with {@code match} choosing how
   * {@code term} matches: {@link NameMatch#EXACT} is {@link #exact} (never cut short).
   */
  public static <R> Scan<R> list(Tx tx, Source source, String term, NameMatch match,
      PageRequest page, RowMapper<R> mapper) throws SQLException {
    if (term != null && match == NameMatch.EXACT) {
      return Scan.complete(tx.query(exact(source, term, page), mapper));
    }
    if (term == null) {
      return Scan.complete(tx.query(unfiltered(source, page), mapper));
    }
    boolean indexable = Like.isIndexable(term);
    OptionalLong inIndex = indexable ? countInIndex(tx, source, term) : OptionalLong.empty();
    if (inIndex.isPresent() && inIndex.getAsLong() < FEW_IN_INDEX) {
      return Scan.complete(tx.query(indexed(tx.dialect(), source, term, page), mapper));
    }
    if (inIndex.isPresent()) {
      // Common in the index, so likely common here too: try to fill the page from the next
      // rows before paying for the window's end.
      List<R> rows = tx.query(countedWindow(source, term, page, tx.dialect()), mapper);
      if (rows.size() >= page.fetchSize()) {
        return Scan.complete(rows);
      }
    }
    Optional<SortKey> windowEnd = tx.queryOne(windowEnd(source, page),
        rs -> new SortKey(rs.getLong(1), rs.getLong(2)));
    List<R> rows = tx.query(window(tx.dialect(), source, term, page, windowEnd.orElse(null)),
        mapper);
    if (rows.size() >= page.fetchSize() || windowEnd.isEmpty()) {
      return Scan.complete(rows);
    }
    if (indexable) {
      return Scan.complete(tx.query(indexed(tx.dialect(), source, term, page), mapper));
    }
    return new Scan<>(rows, windowEnd.get());
  }

  /**
   * How many rows of the source's table (up to {@value #FEW_IN_INDEX}, in any organization) the
   * name index says may contain {@code term}; empty where the index can't count cheaply.
   */
  private static OptionalLong countInIndex(Tx tx, Source source, String term)
      throws SQLException {
    Optional<Tx.Statement> count = tx.dialect().nameIndexCount(source.table(), term,
        FEW_IN_INDEX);
    if (count.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(tx.queryOne(count.get(), rs -> rs.getLong(1)).orElse(0L));
  }

  /** Without a name filter: the next rows in list order. */
  static Tx.Statement unfiltered(Source source, PageRequest page) {
    Sql sql = select(source, source.table() + " " + source.alias()).afterCursor(source, page)
        .base(source);
    return sql.orderAndLimit(source, page.fetchSize());
  }

  /**
   * The key of the {@value #SCAN_WINDOW}th row past the cursor — or of the list's last row when
   * fewer follow — if a row follows it; nothing when the window holds the rest of the list.
   *
   * <p>Keyset throughout: the window's keys are walked along the list-order index up to a
   * {@code LIMIT}, the last of them taken, and one index probe past it asks whether the list goes
   * on. Handing the keys on to be ordered costs more than letting the index walk skip them
   * ({@code OFFSET}), ~0.4 ms at 1,000,000 spaces on SQLite and ~0.15 ms on PostgreSQL
   * (bench/NOTES.md). On SQLite only short terms and locally rare ones pay it: terms few in the
   * name index skip the window ({@link #FEW_IN_INDEX}), and common ones usually fill their page
   * from {@link #countedWindow} first.
   */
  static Tx.Statement windowEnd(Source source, PageRequest page) {
    String a = source.alias();
    Sql keys = new Sql("SELECT " + a + ".created_at, " + a + ".id FROM " + source.table() + " "
        + a).afterCursor(source, page).base(source);
    Sql follows = new Sql("SELECT 1 FROM " + source.table() + " " + a).and("(" + a
        + ".created_at, " + a + ".id) > (window_end.created_at, window_end.id)").base(source);
    Tx.Statement window = keys.orderAndLimit(source, SCAN_WINDOW);
    List<Object> args = new ArrayList<>(Arrays.asList(window.args()));
    args.addAll(follows.args);
    return new Tx.Statement("SELECT window_end.created_at, window_end.id FROM (SELECT"
        + " window_keys.created_at, window_keys.id FROM (" + window.sql() + ") window_keys"
        + " ORDER BY window_keys.created_at DESC, window_keys.id DESC LIMIT 1) window_end"
        + " WHERE EXISTS (" + follows.text + ")", args.toArray());
  }

  /**
   * The first matches among the next {@value #SCAN_WINDOW} rows after the cursor, the window
   * bounded by its row count: one statement, so complete on its own when it fills a page, but
   * with no key to resume after when it doesn't (then {@link #windowEnd} and {@link #window}
   * take over). The rows are handed on through a subquery, in list order.
   */
  static Tx.Statement countedWindow(Source source, String term, PageRequest page,
      Dialect dialect) {
    String a = source.alias();
    Tx.Statement next = new Sql("SELECT " + a + ".* FROM " + source.table() + " " + a)
        .afterCursor(source, page).base(source).orderAndLimit(source, SCAN_WINDOW);
    Sql sql = select(source, "(" + next.sql() + ") " + a);
    sql.args.addAll(Arrays.asList(next.args()));
    return sql.and(dialect.contains(a + ".name_key"), Like.key(term))
        .orderAndLimit(source, page.fetchSize()).plannedPerUse();
  }

  /**
   * Matches among the rows after the cursor up to {@code end} (to the list's end if null), read
   * along the list-order index: the substring test is one no index answers
   * ({@link Dialect#contains}).
   */
  static Tx.Statement window(Dialect dialect, Source source, String term, PageRequest page,
      SortKey end) {
    String a = source.alias();
    Sql sql = select(source, source.table() + " " + a).afterCursor(source, page);
    if (end != null) {
      sql.and("(" + a + ".created_at, " + a + ".id) <= (?, ?)", end.createdAt(), end.id());
      // Implied by the two keys, and said for PostgreSQL's planner: it estimates each row
      // comparison by its first column alone, as if independent, so deep in a big list it took
      // the window for ~45 times its size and chose a parallel bitmap scan (~15 ms for 2,000 rows).
      sql.and(a + ".created_at BETWEEN ? AND ?", page.afterCreatedAt(), end.createdAt());
    }
    return sql.base(source).and(dialect.contains(a + ".name_key"), Like.key(term))
        .orderAndLimit(source, page.fetchSize()).plannedPerUse();
  }

  /**
   * Rows named exactly {@code name} after the cursor: {@code name = ?} on the stored name, the
   * comparison the unique indexes use (so exactly the rows that would collide with a create of that
   * name match). An equality lookup on an index that starts with {@code name} — {@code spaces_name}
   * (organization_id, name) with an organization, {@code spaces_name_order} (name, created_at, id)
   * without, {@code organizations_name} (name) — so a page reads only rows of that name, however
   * many other names contain it; no bounded scan is needed.
   */
  static Tx.Statement exact(Source source, String name, PageRequest page) {
    Sql sql = select(source, source.table() + " " + source.alias())
        .and(source.alias() + ".name = ?", name).afterCursor(source, page).base(source);
    return sql.orderAndLimit(source, page.fetchSize());
  }

  /** Matches after the cursor, found through the name index. */
  static Tx.Statement indexed(Dialect dialect, Source source, String term, PageRequest page) {
    Dialect.IndexedNameMatch match = dialect.indexedNameMatch(source.table(), source.alias(),
        term);
    Sql sql = select(source, match.from());
    if (match.condition() != null) {
      sql.and(match.condition(), match.args().toArray());
    }
    return sql.afterCursor(source, page).base(source).nameContains(dialect, source, term)
        .orderAndLimit(source, page.fetchSize()).plannedPerUse();
  }

  private static Sql select(Source source, String from) {
    return new Sql("SELECT " + source.columns() + " FROM " + from);
  }

  /** A statement under construction: text and arguments grow together. */
  private static final class Sql {
    final StringBuilder text;
    final List<Object> args = new ArrayList<>();
    boolean hasWhere;

    Sql(String start) {
      this.text = new StringBuilder(start);
    }

    Sql and(String condition, Object... conditionArgs) {
      text.append(hasWhere ? " AND " : " WHERE ").append(condition);
      hasWhere = true;
      args.addAll(List.of(conditionArgs));
      return this;
    }

    Sql afterCursor(Source source, PageRequest page) {
      String a = source.alias();
      return and("(" + a + ".created_at, " + a + ".id) > (?, ?)", page.afterCreatedAt(),
          page.afterId());
    }

    Sql base(Source source) {
      for (String condition : source.conditions()) {
        and(condition);
      }
      args.addAll(source.args());
      return this;
    }

    Sql nameContains(Dialect dialect, Source source, String term) {
      return and(source.alias() + ".name_key LIKE " + dialect.likePattern() + Like.ESCAPE,
          Like.containsPattern(term));
    }

    Tx.Statement orderAndLimit(Source source, int limit) {
      String a = source.alias();
      text.append(" ORDER BY ").append(a).append(".created_at, ").append(a)
          .append(".id ").append(Tx.LIMIT);
      args.add(limit);
      return new Tx.Statement(text.toString(), args.toArray());
    }
  }
}
