package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.api.Organization;
import dev.spaceport.api.Space;
import dev.spaceport.client.NameMatchProxy.Mode;
import dev.spaceport.client.errors.AmbiguousNameException;
import dev.spaceport.client.errors.BadRequestException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resolving a name costs one list request against Spaceport however many other names contain it
 * ({@code name_match=exact}, announced by {@code Spaceport-Name-Match: exact}), counted both as
 * the SDK sends and as the server's own request metrics see; and against servers without the
 * parameter — one that ignores it, one that refuses it with a 400 — the SDK still resolves every
 * name as Arize's SDK does, through the substring filter's pages.
 */
class ExactNameResolutionTest {

  /** Spaces whose names contain {@link #needle} without being it. */
  static final int CROWD = 500;

  static TestServer server;
  static SpaceportClient admin;
  static String needle;
  static Space exact;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = Clients.admin(server);
    needle = unique("needle");
    List<String> orgs = IntStream.range(0, 3)
        .mapToObj(i -> admin.organizations().create(unique("crowd-org"), null).id()).toList();
    IntStream.range(0, CROWD / 2).parallel().forEach(i ->
        admin.spaces().create(needle + "-" + i, orgs.get(i % 3)));
    exact = admin.spaces().create(needle, orgs.get(1)); // in the middle of the substring list
    IntStream.range(CROWD / 2, CROWD).parallel().forEach(i ->
        admin.spaces().create((i % 2 == 0 ? "my-" : "") + needle.toUpperCase() + "-" + i,
            orgs.get(i % 3)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aNameContainedIn500OtherNamesResolvesWithOneListRequest() throws Exception {
    // What the substring filter alone would have to read: 501 candidates, six pages of 100.
    assertThat(admin.spaces().listAll(SpaceListParams.builder().name(needle).build()).stream()
        .count()).isEqualTo(CROWD + 1);

    CountingTransport transport = new CountingTransport();
    SpaceportClient client = Clients.counting(server, transport);
    double before = listRequestsSeenByTheServer(0);

    assertThat(client.spaces().resolveId(needle)).isEqualTo(exact.id());

    assertThat(transport.count()).isEqualTo(1);
    URI lookup = transport.requests().get(0).uri();
    assertThat(lookup.getRawPath()).isEqualTo("/v2/spaces");
    assertThat(lookup.getRawQuery()).contains("name_match=exact").contains("limit=100")
        .doesNotContain("cursor").doesNotContain("org_id");
    assertThat(listRequestsSeenByTheServer(before + 1)).isEqualTo(before + 1);

    // A call by name: the one lookup, then the call itself by ID.
    transport.reset();
    assertThat(client.spaces().get(needle)).isEqualTo(exact);
    assertThat(transport.count("GET", "/v2/spaces")).isEqualTo(1);
    assertThat(transport.count()).isEqualTo(2);
  }

  @Test
  void ambiguityAndAbsenceMeanWhatTheyMeantBefore() {
    CountingTransport transport = new CountingTransport();
    SpaceportClient client = Clients.counting(server, transport);
    String name = unique("twin");
    Space first = admin.spaces().create(name, admin.organizations().create(unique("o"), null).id());
    Space second = admin.spaces().create(name,
        admin.organizations().create(unique("o"), null).id());
    admin.spaces().create(name + "-not-me", admin.organizations().create(unique("o"), null).id());

    AmbiguousNameException ambiguous = RetryTest.catchThrowing(AmbiguousNameException.class,
        () -> client.spaces().delete(name));
    assertThat(ambiguous.matchingIds()).containsExactly(first.id(), second.id());
    assertThat(transport.count()).isEqualTo(1);

    transport.reset();
    for (String missing : List.of(needle.toUpperCase(), needle.substring(1), unique("nobody"))) {
      NotFoundException e = RetryTest.catchThrowing(NotFoundException.class,
          () -> client.spaces().get(missing));
      assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d)
          .contains("space '" + missing + "' not found"));
    }
    assertThat(transport.count()).isEqualTo(3);
  }

  @Test
  void moreThanAPageOfExactMatchesIsReadPageByPage() {
    String name = unique("everywhere");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      ids.add(admin.spaces().create(name,
          admin.organizations().create(unique("o"), null).id()).id());
    }
    CountingTransport transport = new CountingTransport();
    SpaceportClient client = Clients.counting(server, transport);

    AmbiguousNameException e = RetryTest.catchThrowing(AmbiguousNameException.class,
        () -> client.spaces().resolveId(name));

    assertThat(e.matchingIds()).isEqualTo(ids);
    assertThat(transport.count()).isEqualTo(2);
    assertThat(transport.requests()).allSatisfy(r ->
        assertThat(r.uri().getRawQuery()).contains("name_match=exact"));
    assertThat(transport.requests().get(1).uri().getRawQuery()).contains("cursor=");
  }

  @Test
  void organizationsResolveWithOneRequestToo() {
    String name = unique("Org");
    String id = admin.organizations().create(name, null).id();
    for (int i = 0; i < 120; i++) {
      admin.organizations().create(name + "-" + i, null);
    }
    CountingTransport transport = new CountingTransport();
    SpaceportClient client = Clients.counting(server, transport);

    assertThat(client.organizations().resolveId(name)).isEqualTo(id);
    assertThat(transport.count()).isEqualTo(1);
    assertThat(transport.requests().get(0).uri().getRawQuery()).contains("name_match=exact");
    RetryTest.catchThrowing(NotFoundException.class,
        () -> client.organizations().resolveId(name.toLowerCase()));
  }

  @Test
  void aServerThatIgnoresTheParameterIsReadAsArizeSdkReadsIt() throws Exception {
    try (NameMatchProxy proxy = new NameMatchProxy(Mode.IGNORE, server.baseUrl());
        SpaceportClient client = Clients.builder(proxy.baseUrl(), TestServer.ADMIN_KEY).build()) {
      assertThat(client.spaces().resolveId(needle)).isEqualTo(exact.id());

      List<String> lookups = proxy.received("GET", "/v2/spaces");
      assertThat(lookups).hasSize(6); // 501 substring matches, 100 a page
      assertThat(lookups.get(0)).contains("name_match=exact").doesNotContain("cursor");
      // No header came back, so the walk went on as Arize's SDK's does: name, limit, cursor.
      assertThat(lookups.subList(1, 6)).allSatisfy(l -> assertThat(l)
          .doesNotContain("name_match").contains("cursor=").contains("limit=100"));

      // Ignoring is not refusing: the next lookup asks again (one request if the server learnt).
      proxy.reset();
      RetryTest.catchThrowing(NotFoundException.class,
          () -> client.spaces().resolveId(needle + "-missing"));
      assertThat(proxy.received().get(0)).contains("name_match=exact");

      String name = unique("twin");
      Space first = admin.spaces().create(name,
          admin.organizations().create(unique("o"), null).id());
      Space second = admin.spaces().create(name,
          admin.organizations().create(unique("o"), null).id());
      admin.spaces().create(name + "-x", admin.organizations().create(unique("o"), null).id());
      assertThat(RetryTest.catchThrowing(AmbiguousNameException.class,
          () -> client.spaces().get(name)).matchingIds()).containsExactly(first.id(), second.id());

      String orgName = unique("Org");
      String orgId = admin.organizations().create(orgName, null).id();
      admin.organizations().create(orgName + " Two", null);
      assertThat(client.organizations().resolveId(orgName)).isEqualTo(orgId);
    }
  }

  @Test
  void aServerThatRefusesTheParameterIsAskedAgainWithoutItAndNeverAgainWithIt() throws Exception {
    try (NameMatchProxy proxy = new NameMatchProxy(Mode.REFUSE, server.baseUrl());
        SpaceportClient client = Clients.builder(proxy.baseUrl(), TestServer.ADMIN_KEY).build()) {
      assertThat(client.spaces().get(needle)).isEqualTo(exact);

      List<String> lookups = proxy.received("GET", "/v2/spaces");
      assertThat(lookups).hasSize(1 + 6);
      assertThat(lookups.get(0)).contains("name_match=exact"); // answered 400
      assertThat(lookups.get(1)).doesNotContain("name_match").doesNotContain("cursor");
      assertThat(lookups.subList(1, 7)).noneMatch(l -> l.contains("name_match"));

      // Remembered for the client's lifetime: the next lookups never send it.
      proxy.reset();
      assertThat(client.spaces().resolveId(needle)).isEqualTo(exact.id());
      String missing = unique("nobody");
      RetryTest.catchThrowing(NotFoundException.class, () -> client.spaces().resolveId(missing));
      assertThat(proxy.received()).hasSize(6 + 1).noneMatch(l -> l.contains("name_match"));

      // Organizations are another list: refused there once, too, and then resolved.
      String orgName = unique("Org");
      String orgId = admin.organizations().create(orgName, null).id();
      proxy.reset();
      assertThat(client.organizations().resolveId(orgName)).isEqualTo(orgId);
      assertThat(proxy.received()).hasSize(2);
      assertThat(proxy.received().get(0)).contains("name_match=exact");
      assertThat(proxy.received().get(1)).doesNotContain("name_match");
    }
  }

  @Test
  void a400ThatDoesNotNameTheParameterIsTheCallersError() {
    CountingTransport transport = new CountingTransport();
    SpaceportClient client = Clients.counting(server, transport);
    String tooLong = "n-".repeat(150);

    BadRequestException e = RetryTest.catchThrowing(BadRequestException.class,
        () -> client.spaces().resolveId(tooLong));

    assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("'name'"));
    assertThat(transport.count()).isEqualTo(1);
    transport.reset();
    assertThat(client.spaces().resolveId(needle)).isEqualTo(exact.id());
    assertThat(transport.requests().get(0).uri().getRawQuery()).contains("name_match=exact");
  }

  @Test
  void listingByExactNameWorksOnEveryKindOfServer() throws Exception {
    SpaceListParams params = SpaceListParams.builder().name(needle).exactName(true).build();
    CountingTransport transport = new CountingTransport();
    SpaceportClient direct = Clients.counting(server, transport);
    assertThat(direct.spaces().listAll(params)).containsExactly(exact);
    assertThat(direct.spaces().list(params).items()).containsExactly(exact);
    assertThat(transport.count()).isEqualTo(2);

    for (Mode mode : Mode.values()) {
      try (NameMatchProxy proxy = new NameMatchProxy(mode, server.baseUrl());
          SpaceportClient client = Clients.builder(proxy.baseUrl(), TestServer.ADMIN_KEY)
              .build()) {
        PagedIterable<Space> all = client.spaces().listAll(params);
        assertThat(all).as("listAll via %s", mode).containsExactly(exact);
        assertThat(all).as("again, a fresh walk via %s", mode).containsExactly(exact);
        // One page at a time: pages may be short, even empty, while more follow.
        List<Space> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
          Page<Space> page = client.spaces().list(params.withCursor(cursor.orElse(null)));
          seen.addAll(page.items());
          cursor = page.nextCursor();
          pages++;
        } while (cursor.isPresent());
        assertThat(seen).as("list via %s", mode).containsExactly(exact);
        assertThat(pages).isEqualTo(1 + CROWD / 50); // the default limit, 50
      }
    }

    assertThatThrownBy(() -> SpaceListParams.builder().exactName(true).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpaceListParams.builder().name("").exactName(true).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * {@code GET /v2/spaces} requests the server has counted ({@code /metrics}); they are recorded as
   * each response completes, so wait up to a second for at least {@code atLeast}, then a moment
   * longer for any stragglers.
   */
  static double listRequestsSeenByTheServer(double atLeast)
      throws IOException, InterruptedException {
    double seen = scrape();
    for (int i = 0; i < 50 && seen < atLeast; i++) {
      Thread.sleep(20);
      seen = scrape();
    }
    Thread.sleep(100);
    return scrape();
  }

  private static double scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    return response.body().lines()
        .filter(l -> l.startsWith("http_server_requests_seconds_count{"))
        .filter(l -> l.contains("route=\"/v2/spaces\"") && l.contains("method=\"GET\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
