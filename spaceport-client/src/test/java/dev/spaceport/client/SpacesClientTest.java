package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.api.Permission;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.api.Space;
import dev.spaceport.api.SpaceMembership;
import dev.spaceport.client.errors.BadRequestException;
import dev.spaceport.client.errors.ConflictException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.client.errors.UnprocessableException;
import dev.spaceport.client.internal.Requester;
import dev.spaceport.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation of {@link SpacesClient} against the real server. */
class SpacesClientTest {

  static TestServer server;
  static SpaceportClient admin;

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
  void organization() {
    org = admin.organizations().create(unique("org"), null).id();
  }

  @Test
  void createGetUpdateDeleteRoundTrip() {
    Instant before = Instant.now().minusSeconds(5);
    Space created = admin.spaces().create("alpha", org, "first space");

    assertThat(created.id()).isNotBlank();
    assertThat(dev.spaceport.client.internal.Ids.looksLikeId(created.id())).isTrue();
    assertThat(created.name()).isEqualTo("alpha");
    assertThat(created.description()).isEqualTo("first space");
    assertThat(created.createdAt()).isAfter(before).isBefore(Instant.now().plusSeconds(5));

    assertThat(admin.spaces().get(created.id())).isEqualTo(created);

    Space renamed = admin.spaces().update(created.id(), SpaceUpdateParams.name("beta"));
    assertThat(renamed.name()).isEqualTo("beta");
    assertThat(renamed.description()).isEqualTo("first space"); // absent field: unchanged
    assertThat(renamed.id()).isEqualTo(created.id());
    assertThat(renamed.createdAt()).isEqualTo(created.createdAt());

    Space cleared = admin.spaces().update(created.id(), SpaceUpdateParams.description(""));
    assertThat(cleared.description()).isEmpty();
    assertThat(cleared.name()).isEqualTo("beta");

    Space both = admin.spaces().update(created.id(), new SpaceUpdateParams("gamma", "again"));
    assertThat(both.name()).isEqualTo("gamma");
    assertThat(both.description()).isEqualTo("again");

    admin.spaces().delete(created.id());
    assertThatThrownBy(() -> admin.spaces().get(created.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> admin.spaces().delete(created.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void createAndUpdateTakeParameterObjectsBuiltWithBuilders() {
    String name = unique("built");
    Space created = admin.spaces().create(SpaceCreateParams.builder().name(name)
        .organizationId(org).description("from a builder").build());
    assertThat(created.name()).isEqualTo(name);
    assertThat(created.description()).isEqualTo("from a builder");
    Space plain = admin.spaces().create(SpaceCreateParams.builder().name(unique("plain"))
        .organizationId(org).build());
    assertThat(plain.description()).isEmpty();
    assertThatThrownBy(() -> SpaceCreateParams.builder().name("no-org").build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("organizationId");

    Space both = admin.spaces().update(name, SpaceUpdateParams.builder().name(name + "-2")
        .description("").build());
    assertThat(both.id()).isEqualTo(created.id());
    assertThat(both.name()).isEqualTo(name + "-2");
    assertThat(both.description()).isEmpty();
    Space described = admin.spaces().update(both.id(),
        SpaceUpdateParams.builder().description("again").build());
    assertThat(described.name()).isEqualTo(name + "-2"); // unset: unchanged

    // A builder with nothing set is nothing to change: refused before any request.
    CountingTransport transport = new CountingTransport();
    SpaceportClient counted = Clients.counting(server, transport);
    assertThatThrownBy(() -> counted.spaces().update(both.id(),
        SpaceUpdateParams.builder().build())).isInstanceOf(IllegalArgumentException.class);
    assertThat(transport.count()).isZero();
  }

  @Test
  void createWithoutDescriptionGivesTheEmptyString() {
    Space space = admin.spaces().create(unique("plain"), org);
    assertThat(space.description()).isEqualTo("");
  }

  @Test
  void everyOperationTakingASpaceAcceptsItsName() {
    String name = unique("by-name");
    Space space = admin.spaces().create(name, org);

    assertThat(admin.spaces().get(name).id()).isEqualTo(space.id());
    assertThat(admin.spaces().resolveId(name)).isEqualTo(space.id());
    Space updated = admin.spaces().update(name, SpaceUpdateParams.description("named"));
    assertThat(updated.id()).isEqualTo(space.id());

    String userId = memberOfOrg();
    SpaceMembership membership = admin.spaces().addUser(name, userId, SpaceRole.MEMBER);
    assertThat(membership.spaceId()).isEqualTo(space.id());
    assertThat(admin.spaces().listMembers(name, ListParams.FIRST_PAGE).items())
        .extracting(SpaceMembership::userId).contains(userId);
    assertThat(admin.spaces().listAllMembers(name)).extracting(SpaceMembership::userId)
        .contains(userId);
    admin.spaces().removeUser(name, userId);

    admin.spaces().delete(name);
    assertThatThrownBy(() -> admin.spaces().get(space.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void duplicateNameInTheSameOrganizationIsAConflictButAnotherOrganizationMayReuseIt() {
    admin.spaces().create("shared", org);
    assertThatThrownBy(() -> admin.spaces().create("shared", org))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).status()).isEqualTo(409));
    // uniqueness is exact and case-sensitive
    assertThat(admin.spaces().create("Shared", org).name()).isEqualTo("Shared");

    String otherOrg = admin.organizations().create(unique("org"), null).id();
    assertThat(admin.spaces().create("shared", otherOrg).name()).isEqualTo("shared");
  }

  @Test
  void listFiltersByOrganizationAndByCaseInsensitiveSubstring() {
    String token = unique("Tok");
    Space a = admin.spaces().create(token + "-Production", org);
    Space b = admin.spaces().create("my-" + token.toLowerCase() + "-prod-set", org);
    Space c = admin.spaces().create(token + "-staging", org);
    String otherOrg = admin.organizations().create(unique("org"), null).id();
    Space d = admin.spaces().create(token + "-production", otherOrg);

    Page<Space> inOrg = admin.spaces().list(SpaceListParams.builder().organizationId(org)
        .build());
    assertThat(inOrg.items()).extracting(Space::id).containsExactly(a.id(), b.id(), c.id());
    assertThat(inOrg.hasMore()).isFalse();
    assertThat(inOrg.nextCursor()).isEmpty();

    Page<Space> prod = admin.spaces().list(SpaceListParams.builder()
        .name(token.toUpperCase() + "-PROD").build());
    // "my-<token>-prod-set" contains "<token>-prod" too: the match is case-insensitive
    assertThat(prod.items()).extracting(Space::id).containsExactly(a.id(), b.id(), d.id());

    Page<Space> both = admin.spaces().list(SpaceListParams.builder().organizationId(org)
        .name("PROD").build());
    assertThat(both.items()).extracting(Space::id).containsExactly(a.id(), b.id());

    assertThat(admin.spaces().listAll(SpaceListParams.builder().name(token).build()))
        .extracting(Space::id).containsExactly(a.id(), b.id(), c.id(), d.id());
    assertThat(admin.spaces().listAll(SpaceListParams.builder().organizationId(otherOrg)
        .build())).extracting(Space::id).containsExactly(d.id());
    assertThat(admin.spaces().listAll().stream().map(Space::id).toList())
        .contains(a.id(), b.id(), c.id(), d.id());
    assertThat(admin.spaces().list().items()).hasSizeLessThanOrEqualTo(50);
  }

  @Test
  void wildcardCharactersInTheNameFilterAreLiteral() {
    Space percent = admin.spaces().create("100%_done\\" + unique("x"), org);
    admin.spaces().create("100xxdone" + unique("x"), org);

    assertThat(admin.spaces().list(SpaceListParams.builder().organizationId(org)
        .name("100%_done\\").build()).items()).extracting(Space::id).containsExactly(percent.id());
  }

  @Test
  void pagesAreWalkedByHandWithLimitAndCursor() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(admin.spaces().create("page-" + i, org).id());
    }
    SpaceListParams params = SpaceListParams.builder().organizationId(org).limit(2).build();
    List<String> seen = new ArrayList<>();
    Page<Space> page = admin.spaces().list(params);
    int pages = 1;
    seen.addAll(page.items().stream().map(Space::id).toList());
    while (page.hasMore()) {
      assertThat(page.nextCursor()).isPresent();
      page = admin.spaces().list(params.withCursor(page.nextCursor().orElseThrow()));
      seen.addAll(page.items().stream().map(Space::id).toList());
      pages++;
    }
    assertThat(page.nextCursor()).isEmpty();
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(ids);

    // listAll may start from a cursor
    Page<Space> first = admin.spaces().list(params);
    assertThat(admin.spaces().listAll(params.withCursor(first.nextCursor().orElseThrow())))
        .extracting(Space::id).containsExactlyElementsOf(ids.subList(2, 5));
  }

  @Test
  void addUserWithPredefinedRolesIsAnUpsert() {
    Space space = admin.spaces().create(unique("team"), org);
    String userId = memberOfOrg();

    SpaceMembership readOnly = admin.spaces().addUser(space.id(), userId, SpaceRole.READ_ONLY);
    assertThat(readOnly.id()).isNotBlank();
    assertThat(readOnly.userId()).isEqualTo(userId);
    assertThat(readOnly.spaceId()).isEqualTo(space.id());
    assertThat(readOnly.role().isPredefined()).isTrue();
    assertThat(readOnly.role().type()).isEqualTo("predefined");
    assertThat(readOnly.role().id()).isNull();
    assertThat(PredefinedRole.parse(readOnly.role().name())).contains(PredefinedRole.READ_ONLY);

    SpaceMembership member = admin.spaces().addUser(space.id(), userId, SpaceRole.MEMBER);
    assertThat(member.id()).isEqualTo(readOnly.id()); // same membership, new role
    assertThat(PredefinedRole.parse(member.role().name())).contains(PredefinedRole.MEMBER);

    SpaceMembership viaEnum = admin.spaces().addUser(space.id(), userId,
        SpaceRole.predefined(PredefinedRole.ADMIN));
    assertThat(PredefinedRole.parse(viaEnum.role().name())).contains(PredefinedRole.ADMIN);

    assertThat(admin.spaces().listAllMembers(space.id()))
        .filteredOn(m -> m.userId().equals(userId)).singleElement()
        .satisfies(m -> assertThat(m.role().name()).isEqualTo("admin"));
  }

  @Test
  void addUserWithACustomRoleCreatesABindingListedAsAMembership() {
    Space space = admin.spaces().create(unique("custom"), org);
    String userId = memberOfOrg();
    String roleName = unique("auditor");
    String roleId = admin.roles().create(roleName, null, List.of(Permission.SPACE_READ)).id();

    SpaceMembership custom = admin.spaces().addUser(space.id(), userId, SpaceRole.custom(roleId));
    assertThat(custom.role().isCustom()).isTrue();
    assertThat(custom.role().type()).isEqualTo(RoleAssignment.CUSTOM);
    assertThat(custom.role().id()).isEqualTo(roleId);
    assertThat(custom.role().name()).isEqualTo(roleName);
    assertThat(admin.roleBindings().get(custom.id()).roleId()).isEqualTo(roleId);

    // a predefined role on top: the user now appears twice in the member list
    admin.spaces().addUser(space.id(), userId, SpaceRole.READ_ONLY);
    List<SpaceMembership> mine = admin.spaces().listAllMembers(space.id()).stream()
        .filter(m -> m.userId().equals(userId)).toList();
    assertThat(mine).extracting(m -> m.role().type())
        .containsExactlyInAnyOrder("predefined", "custom");

    // removeUser removes both the membership and the binding
    admin.spaces().removeUser(space.id(), userId);
    assertThat(admin.spaces().listAllMembers(space.id()))
        .noneMatch(m -> m.userId().equals(userId));
    assertThatThrownBy(() -> admin.roleBindings().get(custom.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> admin.spaces().removeUser(space.id(), userId))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void addUserRulesAreTypedErrors() {
    Space space = admin.spaces().create(unique("rules"), org);
    String outsider = admin.users().create("Outsider", unique("out") + "@example.com",
        PredefinedRole.MEMBER).id();
    assertThatThrownBy(() -> admin.spaces().addUser(space.id(), outsider, SpaceRole.MEMBER))
        .isInstanceOf(BadRequestException.class); // not in the organization: no auto-enrolment

    String userId = memberOfOrg();
    assertThatThrownBy(() -> admin.spaces().addUser(space.id(), userId, SpaceRole.ANNOTATOR))
        .isInstanceOf(UnprocessableException.class); // annotator role for a non-annotator
    assertThatThrownBy(() -> admin.spaces().addUser(space.id(), userId,
        SpaceRole.custom("Um9sZTo5OTk5OTk6YWJjZA==")))
        .isInstanceOf(NotFoundException.class); // unknown custom role
  }

  @Test
  void membersAreListedPageByPage() {
    Space space = admin.spaces().create(unique("crowd"), org);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String userId = memberOfOrg();
      admin.spaces().addUser(space.id(), userId, SpaceRole.READ_ONLY);
      users.add(userId);
    }
    Page<SpaceMembership> first = admin.spaces().listMembers(space.id(), ListParams.limit(2));
    assertThat(first.items()).hasSize(2);
    assertThat(first.hasMore()).isTrue();
    Page<SpaceMembership> second = admin.spaces().listMembers(space.id(),
        ListParams.limit(2).withCursor(first.nextCursor().orElseThrow()));
    assertThat(second.items()).hasSize(2);

    // the creator (the admin) is a member too
    assertThat(admin.spaces().listAllMembers(space.id())).hasSize(5)
        .extracting(SpaceMembership::userId).containsAll(users);
  }

  @Test
  void updateWithNothingToChangeFailsBeforeAnyRequest() {
    Space space = admin.spaces().create(unique("still"), org);
    CountingTransport transport = new CountingTransport();
    SpaceportClient counted = Clients.counting(server, transport);

    assertThatThrownBy(() -> counted.spaces().update(space.id(), new SpaceUpdateParams(null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("At least one of 'name' or 'description' must be provided");
    assertThatThrownBy(() -> counted.spaces().update(space.name(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> counted.organizations().update(org, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> counted.users().update("VXNlcjoxOmFiY2Q=", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> counted.roles().update("Um9sZToxOmFiY2Q=", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(transport.count()).isZero(); // not even a name lookup

    // the counter does count: a real update is one request
    counted.spaces().update(space.id(), SpaceUpdateParams.description("x"));
    assertThat(transport.count()).isEqualTo(1);
    assertThat(transport.count("PATCH", "/v2/spaces/" + Requester.segment(space.id())))
        .isEqualTo(1);
  }

  @Test
  void aMemberOfTheOrganizationCanCreateAndSeesOnlyItsSpaces() {
    var user = server.fixtures().user("member");
    server.fixtures().addToOrganization(org, user.id(), "member");
    SpaceportClient asMember = Clients.as(server, user.api().key());
    Space hidden = admin.spaces().create(unique("hidden"), org);

    Space own = asMember.spaces().create(unique("own"), org);
    assertThat(asMember.spaces().listAll(SpaceListParams.builder().organizationId(org).build()))
        .extracting(Space::id).containsExactly(own.id());
    assertThatThrownBy(() -> asMember.spaces().get(hidden.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> asMember.spaces().get(hidden.name()))
        .isInstanceOf(NotFoundException.class);
  }

  private String memberOfOrg() {
    String userId = admin.users().create("Member", unique("m") + "@example.com",
        PredefinedRole.MEMBER).id();
    admin.organizations().addUser(org, userId, PredefinedRole.MEMBER);
    return userId;
  }
}
