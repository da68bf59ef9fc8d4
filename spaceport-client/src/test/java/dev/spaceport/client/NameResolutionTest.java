package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.api.Space;
import dev.spaceport.client.errors.AmbiguousNameException;
import dev.spaceport.client.errors.BadRequestException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.client.internal.Requester;
import dev.spaceport.server.testing.TestServer;
import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "An ID or a name", resolved as Arize's SDK does: strings that decode as IDs are IDs; anything else
 * is looked up by name (100 per page, every page), keeping exact, case-sensitive matches — against
 * Spaceport with {@code name_match=exact}, so one request however many names contain this one
 * (servers without it: {@link ExactNameResolutionTest}). Requests are counted to show what the SDK
 * sends.
 */
class NameResolutionTest {

  static TestServer server;
  static SpaceportClient admin;

  final CountingTransport transport = new CountingTransport();
  SpaceportClient client;
  String org;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = Clients.admin(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void setUp() {
    client = Clients.counting(server, transport);
    org = admin.organizations().create(unique("org"), null).id();
  }

  @Test
  void aUniqueNameResolvesWithOneListRequestThenTheCallUsesTheId() {
    Space space = admin.spaces().create(unique("solo"), org);

    assertThat(client.spaces().get(space.name())).isEqualTo(space);

    assertThat(transport.count("GET", "/v2/spaces")).isEqualTo(1);
    URI lookup = transport.requests().get(0).uri();
    assertThat(lookup.getRawQuery()).contains("name=" + Requester.segment(space.name()))
        .contains("name_match=exact").contains("limit=100").doesNotContain("org_id");
    assertThat(transport.count("GET", "/v2/spaces/" + Requester.segment(space.id())))
        .isEqualTo(1);
    assertThat(transport.count()).isEqualTo(2);
  }

  @Test
  void aNameUsedInTwoOrganizationsIsAmbiguousAndTheExceptionCarriesBothIds() {
    String name = unique("twin");
    Space first = admin.spaces().create(name, org);
    String otherOrg = admin.organizations().create(unique("org"), null).id();
    Space second = admin.spaces().create(name, otherOrg);

    AmbiguousNameException e = RetryTest.catchThrowing(AmbiguousNameException.class,
        () -> client.spaces().delete(name));

    assertThat(e.matchingIds()).containsExactly(first.id(), second.id());
    assertThat(e.getMessage()).contains(name).contains(first.id()).contains(second.id());
    assertThat(transport.requests()).extracting(r -> r.method()).containsOnly("GET");
    // nothing was deleted
    assertThat(admin.spaces().get(first.id())).isEqualTo(first);
    assertThat(admin.spaces().get(second.id())).isEqualTo(second);
  }

  @Test
  void aMissingNameIsANotFoundExceptionNamingTheSpace() {
    String name = unique("nowhere");

    NotFoundException e = RetryTest.catchThrowing(NotFoundException.class,
        () -> client.spaces().update(name, SpaceUpdateParams.name("x")));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.detail()).contains("space '" + name + "' not found");
    assertThat(e.getMessage()).contains(name);
    assertThat(transport.count()).isEqualTo(1); // the lookup; no PATCH
  }

  @Test
  void aNameThatDecodesAsAnId_YTpi_isBase64OfAColonB_soItIsSentAsAnIdAndTheServerAnswers400() {
    // Arize's SDK behaves the same: any strict base64 of UTF-8 text containing ':' is an ID.
    Space named = admin.spaces().create("YTpi", org);

    BadRequestException e = RetryTest.catchThrowing(BadRequestException.class,
        () -> client.spaces().get("YTpi"));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("space_id"));
    assertThat(transport.count("GET", "/v2/spaces")).isZero(); // no name lookup at all
    assertThat(transport.count("GET", "/v2/spaces/YTpi")).isEqualTo(1);
    // The space is still reachable by its ID, or found with the list filter.
    assertThat(client.spaces().list(SpaceListParams.builder().organizationId(org).name("YTpi")
        .build()).items()).containsExactly(named);
  }

  @Test
  void onlyTheExactCaseSensitiveNameMatchesAmongSubstringMatches() {
    String otherOrg = admin.organizations().create(unique("org"), null).id();
    Space lower = admin.spaces().create("prod", org);
    Space upper = admin.spaces().create("Prod", org);
    Space longer = admin.spaces().create("production", org);
    Space elsewhere = admin.spaces().create("my-PROD-copy", otherOrg);

    assertThat(client.spaces().resolveId("prod")).isEqualTo(lower.id());
    assertThat(client.spaces().resolveId("Prod")).isEqualTo(upper.id());
    assertThat(client.spaces().resolveId("production")).isEqualTo(longer.id());
    assertThat(client.spaces().resolveId("my-PROD-copy")).isEqualTo(elsewhere.id());
    for (String noExactMatch : List.of("PROD", "pro", "Production")) {
      RetryTest.catchThrowing(NotFoundException.class,
          () -> client.spaces().resolveId(noExactMatch));
    }
  }

  @Test
  void moreThanOneHundredSubstringMatchesStillCostOneExactRequest() {
    String token = unique("crowd");
    String crowdOrg = admin.organizations().create(unique("org"), null).id();
    IntStream.range(0, 230).parallel()
        .forEach(i -> admin.spaces().create(token + "-" + i, crowdOrg));
    Space exact = admin.spaces().create(token, crowdOrg); // created last: 3rd substring page

    transport.reset();
    assertThat(client.spaces().resolveId(token)).isEqualTo(exact.id());
    assertThat(transport.count("GET", "/v2/spaces")).isEqualTo(1); // not 231 / 100 = 3
    assertThat(transport.count()).isEqualTo(1);
    assertThat(transport.requests().get(0).uri().getRawQuery()).doesNotContain("cursor")
        .contains("name_match=exact").contains("limit=100");

    // the same name in another organization: ambiguous, still one request
    Space twin = admin.spaces().create(token, org);
    transport.reset();
    AmbiguousNameException e = RetryTest.catchThrowing(AmbiguousNameException.class,
        () -> client.spaces().get(token));
    assertThat(e.matchingIds()).containsExactly(exact.id(), twin.id());
    assertThat(transport.count()).isEqualTo(1);
  }

  @Test
  void organizationsResolveByNameToo() {
    String name = unique("Named-Org");
    String id = admin.organizations().create(name, null).id();
    transport.reset();

    assertThat(client.organizations().resolveId(name)).isEqualTo(id);
    assertThat(transport.count("GET", "/v2/organizations")).isEqualTo(1);
    RetryTest.catchThrowing(NotFoundException.class,
        () -> client.organizations().resolveId(name.toLowerCase()));
    // an ID is used as it is, without a lookup
    transport.reset();
    assertThat(client.organizations().resolveId(id)).isEqualTo(id);
    assertThat(transport.count()).isZero();
  }

  @Test
  void anEmptyOrNullNameIsRejectedBeforeAnyRequest() {
    for (String bad : new String[] {"", null}) {
      assertThatThrownBy(() -> client.spaces().get(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(transport.count()).isZero();
  }
}
