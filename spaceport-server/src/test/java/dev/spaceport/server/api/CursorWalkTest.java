package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every page of {@code GET /v2/spaces} while other clients insert and delete spaces. Keyset
 * cursors must never repeat an item, never skip one that existed for the whole walk, and keep the
 * order (created_at, then row number) — for every filter, and even when the row a cursor points
 * after is deleted before the next page is asked for.
 */
class CursorWalkTest {

  private static final int STABLE = 1000;
  private static final int CHURN = 300;
  private static final int SETUP_THREADS = 16;
  private static final String NEEDLE = "needle";
  private static final Comparator<Item> LIST_ORDER =
      Comparator.comparing(Item::createdAt).thenComparingLong(Item::row);

  static TestServer server;
  static Api admin;
  static String orgA;
  static String orgB;
  static Api orgBAdmin;

  /** Every space this class created that got its 201, by ID. */
  static final Map<String, Known> KNOWN = new ConcurrentHashMap<>();
  /** Churn spaces not yet picked for deletion, in random order. */
  static final Deque<String> CHURN_QUEUE = new ConcurrentLinkedDeque<>();
  static final AtomicInteger SEQUENCE = new AtomicInteger();

  /** A space as the test knows it: when its 201 arrived, and when (if ever) its delete began. */
  static final class Known {
    final String id;
    final String name;
    final String org;
    final boolean churn;
    final long createdNanos = System.nanoTime();
    volatile long deleteStartedNanos = Long.MAX_VALUE;

    Known(String id, String name, String org, boolean churn) {
      this.id = id;
      this.name = name;
      this.org = org;
      this.churn = churn;
    }

    boolean nameMatches(String term) {
      return name.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT));
    }

    /** True only for the first caller, so a space is deleted once. */
    synchronized boolean startDelete() {
      if (deleteStartedNanos != Long.MAX_VALUE) {
        return false;
      }
      deleteStartedNanos = System.nanoTime();
      return true;
    }
  }

  /** One listed space: its ID, creation time and the row number inside its ID. */
  record Item(String id, Instant createdAt, long row) {
    static Item of(JsonNode space) {
      String id = space.get("id").asText();
      String decoded = new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8);
      String[] parts = decoded.split(":");
      assertThat(parts).as("decoded ID %s", decoded).hasSize(3);
      assertThat(parts[0]).isEqualTo("Space");
      return new Item(id, Instant.parse(space.get("created_at").asText()),
          Long.parseLong(parts[1]));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    admin = server.admin();
    Fixtures fixtures = server.fixtures();
    orgA = fixtures.organization();
    orgB = fixtures.organization();
    Fixtures.TestUser user = fixtures.user("member");
    fixtures.addToOrganization(orgB, user.id(), "admin");
    orgBAdmin = user.api();

    // Stable and churn spaces, interleaved in creation order so that pages end on churn spaces.
    List<Runnable> creates = new ArrayList<>();
    for (int i = 0; i < STABLE; i++) {
      String name = String.format("stable-%04d%s", i, i % 5 == 0 ? "-NeEdLe" : "");
      String org = i % 2 == 0 ? orgA : orgB;
      creates.add(() -> create(name, org, false));
    }
    for (int i = 0; i < CHURN; i++) {
      String name = String.format("churn-%03d%s", i, i % 3 == 0 ? "-" + NEEDLE : "");
      String org = i % 2 == 0 ? orgA : orgB;
      creates.add(() -> create(name, org, true));
    }
    Collections.shuffle(creates, new Random(42));
    ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Runnable create : creates) {
        done.add(pool.submit(create));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> churn = new ArrayList<>(KNOWN.values().stream().filter(k -> k.churn)
        .map(k -> k.id).toList());
    Collections.shuffle(churn, new Random(7));
    CHURN_QUEUE.addAll(churn);
    assertThat(KNOWN).hasSize(STABLE + CHURN);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void walksEverySpaceInPagesOf37() {
    walk(admin, "", 37, k -> true);
  }

  @Test
  void walksEverySpaceInPagesOf100() {
    walk(admin, "", 100, k -> true);
  }

  @Test
  void walksOneOrganization() {
    walk(admin, "org_id=" + seg(orgB), 37, k -> k.org.equals(orgB));
  }

  @Test
  void walksANameFilterCaseInsensitively() {
    walk(admin, "name=NEEDLE", 37, k -> k.nameMatches(NEEDLE));
  }

  @Test
  void walksOrganizationAndNameTogether() {
    walk(admin, "org_id=" + seg(orgA) + "&name=" + NEEDLE, 10,
        k -> k.org.equals(orgA) && k.nameMatches(NEEDLE));
  }

  @Test
  void walksWhatAnOrganizationAdminCanSee() {
    walk(orgBAdmin, "", 37, k -> k.org.equals(orgB));
  }

  @Test
  void aCursorIsBoundToItsFiltersButNotToItsPageSize() {
    String cursor = admin.get("/v2/spaces?org_id=" + seg(orgA) + "&limit=5").expect(200)
        .json().get("pagination").get("next_cursor").asText();
    admin.get("/v2/spaces?org_id=" + seg(orgA) + "&limit=50&cursor=" + seg(cursor)).expect(200);
    for (String otherFilters : List.of("", "org_id=" + seg(orgB) + "&", "name=x&",
        "org_id=" + seg(orgA) + "&name=x&")) {
      ApiResponse r = admin.get("/v2/spaces?" + otherFilters + "cursor=" + seg(cursor))
          .expect(400);
      assertThat(r.text("detail")).contains("cursor");
    }
  }

  // --- the walk -------------------------------------------------------------------------------

  private static void walk(Api caller, String filters, int limit, Predicate<Known> inScope) {
    Mutators mutators = Mutators.start();
    try {
      sleep(30); // let the mutators get going before the first page
    } catch (RuntimeException e) {
      mutators.stop();
      throw e;
    }
    List<Item> seen = new ArrayList<>();
    int pages = 0;
    long walkStart = System.nanoTime();
    long walkEnd;
    try {
      String cursor = null;
      while (true) {
        String query = filters + (filters.isEmpty() ? "" : "&") + "limit=" + limit
            + (cursor == null ? "" : "&cursor=" + seg(cursor));
        JsonNode page = caller.get("/v2/spaces?" + query).expect(200).json();
        pages++;
        assertThat(pages).as("pages walked (runaway walk?)").isLessThan(10 * STABLE);
        JsonNode spaces = page.get("spaces");
        JsonNode pagination = page.get("pagination");
        boolean hasMore = pagination.get("has_more").asBoolean();
        assertThat(spaces.size()).as("page size").isLessThanOrEqualTo(limit);
        if (pages == 1) {
          // However fast the walk, the other clients get to write while it is under way.
          mutators.awaitWritesSince(walkStart);
        }
        for (JsonNode space : spaces) {
          seen.add(Item.of(space));
        }
        if (!hasMore) {
          assertThat(pagination.has("next_cursor")).as("next_cursor on the last page").isFalse();
          break;
        }
        assertThat(pagination.has("next_cursor")).as("next_cursor when has_more").isTrue();
        cursor = pagination.get("next_cursor").asText();
        // The nastiest case for a cursor: the row it points after disappears.
        Known last = spaces.isEmpty() ? null
            : KNOWN.get(spaces.get(spaces.size() - 1).get("id").asText());
        if (last != null && last.churn) {
          delete(last);
        }
        sleep(3);
      }
    } finally {
      walkEnd = System.nanoTime();
      mutators.stop();
    }
    assertThat(mutators.insertsDuring(walkStart, walkEnd)).as("inserts during the walk")
        .isPositive();
    assertThat(mutators.deletesDuring(walkStart, walkEnd)).as("deletes during the walk")
        .isPositive();

    List<String> ids = seen.stream().map(Item::id).toList();
    assertThat(ids).as("IDs seen across %d pages", pages).doesNotHaveDuplicates();
    for (int i = 1; i < seen.size(); i++) {
      assertThat(LIST_ORDER.compare(seen.get(i - 1), seen.get(i)))
          .as("order of %s then %s", seen.get(i - 1), seen.get(i)).isNegative();
    }
    for (String id : ids) {
      Known known = KNOWN.get(id);
      assertThat(known).as("listed space %s was created by this test", id).isNotNull();
      assertThat(inScope.test(known)).as("listed space %s (%s) matches the filters", id,
          known.name).isTrue();
    }
    Set<String> seenIds = new HashSet<>(ids);
    List<String> missing = KNOWN.values().stream()
        .filter(inScope)
        .filter(k -> k.createdNanos < walkStart && k.deleteStartedNanos > walkEnd)
        .filter(k -> !seenIds.contains(k.id))
        .map(k -> k.name)
        .toList();
    assertThat(missing).as("spaces that existed for the whole walk but were skipped").isEmpty();
    long stableInScope = KNOWN.values().stream()
        .filter(k -> k.name.startsWith("stable")).filter(inScope).count();
    assertThat(seen.stream().filter(i -> KNOWN.get(i.id()).name.startsWith("stable")).count())
        .as("stable spaces seen").isEqualTo(stableInScope);
  }

  private static Known create(String name, String org, boolean churn) {
    String id = admin.post("/v2/spaces", body("name", name, "organization_id", org))
        .expect(201).id();
    Known known = new Known(id, name, org, churn);
    KNOWN.put(id, known);
    return known;
  }

  private static void delete(Known known) {
    if (known.startDelete()) {
      admin.delete("/v2/spaces/" + seg(known.id)).expect(204);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Clients that insert new spaces (half of them doomed) and delete the doomed ones and some churn
   * spaces, until stopped. They record when each of their writes completed.
   */
  static final class Mutators {
    private static final int CHURN_DELETES_PER_WALK = 20;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Deque<Known> doomed = new ConcurrentLinkedDeque<>();
    private final List<Long> insertTimes = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> deleteTimes = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newFixedThreadPool(3);
    private final List<Future<?>> futures = new ArrayList<>();

    static Mutators start() {
      Mutators m = new Mutators();
      m.futures.add(m.threads.submit(m::insert));
      m.futures.add(m.threads.submit(m::insert));
      m.futures.add(m.threads.submit(m::delete));
      return m;
    }

    private void insert() {
      while (running.get()) {
        int n = SEQUENCE.incrementAndGet();
        boolean doom = n % 2 == 0;
        String name = (doom ? "doomed-" : "new-") + n + (n % 3 == 0 ? "-Needle" : "");
        Known known = create(name, n % 4 < 2 ? orgA : orgB, false);
        insertTimes.add(System.nanoTime());
        if (doom) {
          doomed.add(known);
        }
        sleep(4);
      }
    }

    private void delete() {
      int churnDeletes = 0;
      int round = 0;
      while (running.get()) {
        round++;
        Known victim = null;
        if (round % 3 == 0 && churnDeletes < CHURN_DELETES_PER_WALK) {
          String id = CHURN_QUEUE.poll();
          victim = id == null ? null : KNOWN.get(id);
          churnDeletes++;
        }
        if (victim == null) {
          victim = doomed.poll();
        }
        if (victim != null && victim.startDelete()) {
          admin.delete("/v2/spaces/" + seg(victim.id)).expect(204);
          deleteTimes.add(System.nanoTime());
        }
        sleep(4);
      }
    }

    void stop() {
      running.set(false);
      threads.shutdown();
      try {
        for (Future<?> f : futures) {
          f.get(30, TimeUnit.SECONDS); // rethrows a mutator's failure (e.g. a 5xx)
        }
      } catch (Exception e) {
        throw new AssertionError("a concurrent mutator failed: " + e, e);
      } finally {
        threads.shutdownNow();
      }
    }

    void awaitWritesSince(long from) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (insertsDuring(from, Long.MAX_VALUE) == 0 || deletesDuring(from, Long.MAX_VALUE) == 0) {
        assertThat(System.nanoTime()).as("mutators made progress in time").isLessThan(deadline);
        sleep(1);
      }
    }

    long insertsDuring(long from, long to) {
      synchronized (insertTimes) {
        return insertTimes.stream().filter(t -> t > from && t < to).count();
      }
    }

    long deletesDuring(long from, long to) {
      synchronized (deleteTimes) {
        return deleteTimes.stream().filter(t -> t > from && t < to).count();
      }
    }
  }
}
