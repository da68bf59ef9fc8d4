package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.api.Space;
import dev.spaceport.server.testing.TestServer;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code listAll} over 1,000 spaces is lazy: it fetches a page only when the iteration reaches it,
 * so it holds at most one page (checked with weak references: earlier pages are collectable), and
 * it makes exactly ⌈n/limit⌉ requests. Spaces of another
 * organization on the same server are filtered out with {@code org_id}.
 */
class PagingTest {

  static final int N = 1000;

  static TestServer server;
  static SpaceportClient admin;
  static String org;
  static Set<String> ids = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = Clients.admin(server);
    org = admin.organizations().create(unique("big"), null).id();
    String noise = admin.organizations().create(unique("noise"), null).id();
    IntStream.range(0, N).parallel().forEach(i -> {
      ids.add(admin.spaces().create("space-" + i, org).id());
      if (i % 20 == 0) {
        admin.spaces().create("noise-" + i, noise);
      }
    });
    assertThat(ids).hasSize(N);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {100, 37})
  void listAllFetchesOnePageAtATimeAndExactlyCeilNOverLimitPages(int limit) {
    CountingTransport transport = new CountingTransport();
    SpaceportClient client = Clients.counting(server, transport);
    SpaceListParams params = SpaceListParams.builder().organizationId(org).limit(limit).build();

    Iterator<Space> it = client.spaces().listAll(params).iterator();
    assertThat(transport.count()).as("requests before the first item").isZero();

    List<String> seen = new ArrayList<>();
    for (int i = 1; i <= N; i++) {
      assertThat(it.hasNext()).isTrue();
      seen.add(it.next().id());
      // after item i, exactly the pages up to and including i's page have been fetched
      assertThat(transport.count()).as("requests after item %d", i)
          .isEqualTo(ceilDiv(i, limit));
    }
    assertThat(it.hasNext()).isFalse();
    assertThat(transport.count()).isEqualTo(ceilDiv(N, limit)); // 10 for 100, 28 for 37

    assertThat(seen).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(ids);
    List<HttpTransport.Request> requests = transport.requests();
    assertThat(requests).allSatisfy(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.uri().getRawPath()).isEqualTo("/v2/spaces");
      assertThat(r.uri().getRawQuery()).contains("org_id=").contains("limit=" + limit);
    });
    assertThat(requests.get(0).uri().getRawQuery()).doesNotContain("cursor=");
    assertThat(requests.subList(1, requests.size()))
        .allSatisfy(r -> assertThat(r.uri().getRawQuery()).contains("cursor="));
  }

  @Test
  void stoppingEarlyFetchesNothingMoreAndEachWalkStartsAfresh() {
    CountingTransport transport = new CountingTransport();
    SpaceportClient client = Clients.counting(server, transport);
    PagedIterable<Space> all = client.spaces().listAll(
        SpaceListParams.builder().organizationId(org).limit(100).build());
    assertThat(transport.count()).isZero(); // creating the iterable fetches nothing

    assertThat(all.stream().findFirst()).isPresent();
    assertThat(transport.count()).isEqualTo(1);

    transport.reset();
    assertThat(all.stream().limit(150).count()).isEqualTo(150);
    assertThat(transport.count()).isEqualTo(2);

    transport.reset();
    assertThat(all.stream().count()).isEqualTo(N);
    assertThat(transport.count()).isEqualTo(10);
  }

  /**
   * "At most one page in memory", measured rather than inferred from the request count: every
   * space the walk returns is watched through a weak reference, and once the walk is on page p,
   * a collection leaves none of pages before p alive — the iterable kept no earlier page.
   */
  @Test
  void aWalkKeepsNoPageBeforeTheOneItIsOn() throws Exception {
    int limit = 100;
    PagedIterable<Space> all = admin.spaces().listAll(
        SpaceListParams.builder().organizationId(org).limit(limit).build());

    List<WeakReference<Space>> watched = new ArrayList<>();
    Iterator<Space> it = all.iterator();
    while (it.hasNext()) {
      watched.add(new WeakReference<>(it.next()));
      if (watched.size() % limit == 1 && watched.size() > 1) { // first item of a later page
        assertOnlyTheCurrentPageIsAlive(watched, limit);
      }
    }
    assertThat(watched).hasSize(N);

    List<WeakReference<Space>> streamed = new ArrayList<>();
    all.stream().forEach(space -> {
      streamed.add(new WeakReference<>(space));
      if (streamed.size() % limit == 1 && streamed.size() > 1) {
        assertOnlyTheCurrentPageIsAlive(streamed, limit);
      }
    });
    assertThat(streamed).hasSize(N);
  }

  /** Collects until every item before the current page is gone, or fails after 5 s. */
  private static void assertOnlyTheCurrentPageIsAlive(List<WeakReference<Space>> watched,
      int limit) {
    int earlier = watched.size() - 1; // all but the current page's first item
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long alive;
    do {
      System.gc();
      alive = watched.subList(0, earlier).stream().filter(r -> r.get() != null).count();
    } while (alive > 0 && System.nanoTime() < deadline);
    assertThat(alive).as("items of earlier pages still reachable after %d items (page size %d)",
        watched.size(), limit).isZero();
  }

  @Test
  void theDefaultPageSizeIsTheServersFifty() {
    CountingTransport transport = new CountingTransport();
    SpaceportClient client = Clients.counting(server, transport);
    assertThat(client.spaces().listAll(SpaceListParams.builder().organizationId(org).build())
        .stream().count()).isEqualTo(N);
    assertThat(transport.count()).isEqualTo(20);
    assertThat(transport.requests()).allSatisfy(
        r -> assertThat(r.uri().getRawQuery()).doesNotContain("limit="));
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
