package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.api.Organization;
import dev.spaceport.api.OrganizationMembership;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.Space;
import dev.spaceport.client.errors.BadRequestException;
import dev.spaceport.client.errors.ConflictException;
import dev.spaceport.client.errors.ForbiddenException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every operation of {@link OrganizationsClient} against the real server. */
class OrganizationsClientTest {

  static TestServer server;
  static SpaceportClient admin;

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

  @Test
  void createGetUpdateDeleteByIdAndByName() {
    String name = unique("Org");
    Organization created = admin.organizations().create(name, "the first");
    assertThat(created.name()).isEqualTo(name);
    assertThat(created.description()).isEqualTo("the first");
    assertThat(created.createdAt()).isNotNull();

    assertThat(admin.organizations().get(created.id())).isEqualTo(created);
    assertThat(admin.organizations().get(name)).isEqualTo(created);
    assertThat(admin.organizations().resolveId(name)).isEqualTo(created.id());

    Organization renamed = admin.organizations().update(name, name + "-renamed", null);
    assertThat(renamed.name()).isEqualTo(name + "-renamed");
    assertThat(renamed.description()).isEqualTo("the first");
    Organization described = admin.organizations().update(created.id(), null, "");
    assertThat(described.description()).isEmpty();

    assertThatThrownBy(() -> admin.organizations().get(name))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("organization '" + name + "' not found");

    admin.organizations().delete(name + "-renamed");
    assertThatThrownBy(() -> admin.organizations().get(created.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void createWithoutDescriptionAndDuplicateNames() {
    String name = unique("Dup");
    assertThat(admin.organizations().create(name, null).description()).isEmpty();
    assertThatThrownBy(() -> admin.organizations().create(name, null))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void listFiltersByNameAndPages() {
    String token = unique("listed");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(admin.organizations().create(token + "-" + i, null).id());
    }
    Page<Organization> page = admin.organizations().list(token, ListParams.limit(2));
    assertThat(page.items()).extracting(Organization::id).containsExactlyElementsOf(
        ids.subList(0, 2));
    assertThat(page.hasMore()).isTrue();
    Page<Organization> rest = admin.organizations().list(token,
        ListParams.limit(2).withCursor(page.nextCursor().orElseThrow()));
    assertThat(rest.items()).extracting(Organization::id).containsExactly(ids.get(2));
    assertThat(rest.hasMore()).isFalse();

    assertThat(admin.organizations().list(token.toUpperCase(), ListParams.FIRST_PAGE).items())
        .extracting(Organization::id).containsExactlyElementsOf(ids); // case-insensitive
    assertThat(admin.organizations().listAll(token)).extracting(Organization::id)
        .containsExactlyElementsOf(ids);
    assertThat(admin.organizations().listAll(null).stream().map(Organization::id).toList())
        .containsAll(ids);
    assertThat(admin.organizations().list().items()).isNotEmpty();
  }

  @Test
  void parameterObjectsWithBuilders() {
    String name = unique("built");
    Organization created = admin.organizations().create(OrganizationCreateParams.builder()
        .name(name).description("from a builder").build());
    assertThat(created.name()).isEqualTo(name);
    assertThat(created.description()).isEqualTo("from a builder");
    Organization other = admin.organizations().create(OrganizationCreateParams.builder()
        .name(name + "-b").build());
    assertThat(other.description()).isEmpty();
    assertThatThrownBy(() -> OrganizationCreateParams.builder().description("x").build())
        .isInstanceOf(NullPointerException.class).hasMessage("name");

    Organization renamed = admin.organizations().update(name,
        OrganizationUpdateParams.builder().name(name + "-a").description("").build());
    assertThat(renamed.name()).isEqualTo(name + "-a");
    assertThat(renamed.description()).isEmpty();
    assertThat(admin.organizations().update(created.id(),
        OrganizationUpdateParams.description("again")).description()).isEqualTo("again");
    assertThat(admin.organizations().update(created.id(),
        OrganizationUpdateParams.name(name)).name()).isEqualTo(name);

    assertThat(admin.organizations().list(OrganizationListParams.builder()
        .name(name.toUpperCase()).build()).items()).extracting(Organization::id)
        .containsExactly(created.id(), other.id()); // case-insensitive
    Page<Organization> first = admin.organizations().list(OrganizationListParams.builder()
        .name(name).limit(1).build());
    assertThat(first.items()).extracting(Organization::id).containsExactly(created.id());
    assertThat(first.hasMore()).isTrue();
    Page<Organization> second = admin.organizations().list(OrganizationListParams.builder()
        .name(name).limit(1).cursor(first.nextCursor().orElseThrow()).build());
    assertThat(second.items()).extracting(Organization::id).containsExactly(other.id());
    assertThat(second.hasMore()).isFalse();

    CountingTransport transport = new CountingTransport();
    SpaceportClient counted = Clients.counting(server, transport);
    assertThatThrownBy(() -> counted.organizations().update(name,
        OrganizationUpdateParams.builder().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("At least one of 'name' or 'description' must be provided");
    assertThatThrownBy(() -> counted.organizations().update(name, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(transport.count()).isZero(); // not even a name lookup
  }

  @Test
  void addAndRemoveUsersWhichAlsoRemovesThemFromTheOrganizationsSpaces() {
    Organization org = admin.organizations().create(unique("people"), null);
    String userId = admin.users().create("Pat", unique("pat") + "@example.com",
        PredefinedRole.MEMBER).id();

    OrganizationMembership m = admin.organizations().addUser(org.name(), userId,
        PredefinedRole.READ_ONLY);
    assertThat(m.userId()).isEqualTo(userId);
    assertThat(m.organizationId()).isEqualTo(org.id());
    assertThat(PredefinedRole.parse(m.role().name())).contains(PredefinedRole.READ_ONLY);
    OrganizationMembership upserted = admin.organizations().addUser(org.id(), userId,
        PredefinedRole.MEMBER);
    assertThat(upserted.id()).isEqualTo(m.id());
    assertThat(upserted.role().name()).isEqualTo("member");

    Space space = admin.spaces().create(unique("inside"), org.id());
    admin.spaces().addUser(space.id(), userId, SpaceRole.MEMBER);

    admin.organizations().removeUser(org.id(), userId);
    assertThat(admin.spaces().listAllMembers(space.id()))
        .noneMatch(member -> member.userId().equals(userId));
    assertThatThrownBy(() -> admin.organizations().addUser(org.id(),
        "VXNlcjo5OTk5OTk6YWJjZA==", PredefinedRole.MEMBER))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void deleteCascadesToSpaces() {
    Organization org = admin.organizations().create(unique("doomed"), null);
    Space space = admin.spaces().create(unique("inside"), org.id());
    admin.organizations().delete(org.id());
    assertThatThrownBy(() -> admin.spaces().get(space.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void onlyAccountAdminsCreateOrganizations() {
    var member = server.fixtures().user("member");
    SpaceportClient asMember = Clients.as(server, member.api().key());
    assertThatThrownBy(() -> asMember.organizations().create(unique("nope"), null))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void aMalformedOrganizationIdIsABadRequest() {
    // "Space:…" decodes as an ID, but of the wrong type
    assertThatThrownBy(() -> admin.organizations().get("U3BhY2U6MTpiRnVM"))
        .isInstanceOf(BadRequestException.class);
  }
}
