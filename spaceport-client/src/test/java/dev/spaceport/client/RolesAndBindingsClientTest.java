package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.api.Permission;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.Role;
import dev.spaceport.api.RoleBinding;
import dev.spaceport.client.errors.BadRequestException;
import dev.spaceport.client.errors.ConflictException;
import dev.spaceport.client.errors.ForbiddenException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every operation of {@link RolesClient} and {@link RoleBindingsClient} against the real server. */
class RolesAndBindingsClientTest {

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
  void thePredefinedRolesAreListedAndCannotBeChanged() {
    List<Role> predefined = admin.roles().list(true, ListParams.FIRST_PAGE).items();
    assertThat(predefined).extracting(Role::name)
        .containsExactlyInAnyOrder("admin", "member", "read-only", "annotator");
    assertThat(predefined).allMatch(Role::isPredefined);
    Role readOnly = predefined.stream().filter(r -> r.name().equals("read-only")).findFirst()
        .orElseThrow();
    assertThat(readOnly.permissions()).containsExactly(Permission.SPACE_READ);
    assertThat(PredefinedRole.parse(readOnly.name())).contains(PredefinedRole.READ_ONLY);

    assertThatThrownBy(() -> admin.roles().update(readOnly.id(), "x", null, null))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> admin.roles().delete(readOnly.id()))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void customRoleLifecycle() {
    String name = unique("auditor");
    Role role = admin.roles().create(name, "reads things",
        List.of(Permission.SPACE_READ, Permission.ROLE_BINDING_READ));
    assertThat(role.isPredefined()).isFalse();
    assertThat(role.name()).isEqualTo(name);
    assertThat(role.description()).isEqualTo("reads things");
    assertThat(role.permissions()).containsExactlyInAnyOrder(Permission.SPACE_READ,
        Permission.ROLE_BINDING_READ);
    assertThat(admin.roles().get(role.id())).isEqualTo(role);

    assertThat(admin.roles().list(false, ListParams.limit(100)).items()).extracting(Role::id)
        .contains(role.id());
    assertThat(admin.roles().list(true, ListParams.limit(100)).items()).extracting(Role::id)
        .doesNotContain(role.id());
    assertThat(admin.roles().listAll()).extracting(Role::id).contains(role.id());

    Role updated = admin.roles().update(role.id(), null, null, List.of(Permission.SPACE_UPDATE));
    assertThat(updated.permissions()).containsExactly(Permission.SPACE_UPDATE); // replaced
    assertThat(updated.name()).isEqualTo(name);
    Role renamed = admin.roles().update(role.id(), name + "-2", "", null);
    assertThat(renamed.name()).isEqualTo(name + "-2");

    assertThatThrownBy(() -> admin.roles().create(name + "-2", null,
        List.of(Permission.SPACE_READ))).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> admin.roles().create(unique("empty"), null, List.of()))
        .isInstanceOf(BadRequestException.class);

    admin.roles().delete(role.id());
    assertThatThrownBy(() -> admin.roles().get(role.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void roleParameterObjectsWithBuilders() {
    String name = unique("built");
    Role role = admin.roles().create(RoleCreateParams.builder().name(name)
        .permissions(Permission.SPACE_READ, Permission.ROLE_BINDING_READ).build());
    assertThat(role.description()).isNullOrEmpty();
    assertThat(role.permissions()).containsExactlyInAnyOrder(Permission.SPACE_READ,
        Permission.ROLE_BINDING_READ);
    assertThatThrownBy(() -> RoleCreateParams.builder().name("x").build())
        .isInstanceOf(NullPointerException.class).hasMessage("permissions");

    Role updated = admin.roles().update(role.id(), RoleUpdateParams.builder()
        .description("reads").permissions(List.of(Permission.SPACE_UPDATE)).build());
    assertThat(updated.name()).isEqualTo(name);
    assertThat(updated.description()).isEqualTo("reads");
    assertThat(updated.permissions()).containsExactly(Permission.SPACE_UPDATE); // replaced
    assertThat(admin.roles().update(role.id(), RoleUpdateParams.name(name + "-2")).name())
        .isEqualTo(name + "-2");
    assertThat(admin.roles().update(role.id(), RoleUpdateParams.description("")).description())
        .isEmpty();
    assertThat(admin.roles().update(role.id(),
        RoleUpdateParams.permissions(List.of(Permission.SPACE_READ))).permissions())
        .containsExactly(Permission.SPACE_READ);

    Page<Role> predefined = admin.roles().list(RoleListParams.builder().predefined(true)
        .limit(3).build());
    assertThat(predefined.items()).hasSize(3).allMatch(Role::isPredefined);
    assertThat(predefined.hasMore()).isTrue();
    assertThat(admin.roles().list(RoleListParams.builder().predefined(true).limit(3)
        .cursor(predefined.nextCursor().orElseThrow()).build()).items())
        .hasSize(1).allMatch(Role::isPredefined);
    assertThat(admin.roles().listAll(RoleListParams.builder().predefined(false).limit(1)
        .build())).extracting(Role::id).contains(role.id()).noneMatch(id -> predefined.items()
        .stream().anyMatch(r -> r.id().equals(id)));

    CountingTransport transport = new CountingTransport();
    SpaceportClient counted = Clients.counting(server, transport);
    assertThatThrownBy(() -> counted.roles().update(role.id(), RoleUpdateParams.builder().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("At least one of 'name', 'description' or 'permissions' must be provided");
    assertThat(transport.count()).isZero();
    admin.roles().delete(role.id());
  }

  @Test
  void roleBindingListParametersWithABuilder() {
    String org = admin.organizations().create(unique("org"), null).id();
    String user = admin.users().create("Cy", unique("cy") + "@example.com",
        PredefinedRole.MEMBER).id();
    admin.organizations().addUser(org, user, PredefinedRole.MEMBER);
    String reader = admin.roles().create(unique("reader"), null,
        List.of(Permission.SPACE_READ)).id();
    List<String> bindings = List.of(
        admin.roleBindings().createOnSpace(reader, user,
            admin.spaces().create(unique("one"), org).id()).id(),
        admin.roleBindings().createOnSpace(reader, user,
            admin.spaces().create(unique("two"), org).id()).id());

    Page<RoleBinding> first = admin.roleBindings().list(RoleBindingListParams.builder()
        .userId(user).limit(1).build());
    assertThat(first.items()).extracting(RoleBinding::id).containsExactly(bindings.get(0));
    assertThat(first.hasMore()).isTrue();
    Page<RoleBinding> second = admin.roleBindings().list(RoleBindingListParams.builder()
        .userId(user).limit(1).cursor(first.nextCursor().orElseThrow()).build());
    assertThat(second.items()).extracting(RoleBinding::id).containsExactly(bindings.get(1));
    assertThat(second.hasMore()).isFalse();
    assertThat(admin.roleBindings().list(RoleBindingListParams.builder().build()).items())
        .extracting(RoleBinding::id).containsAll(bindings);
  }

  @Test
  void roleBindingLifecycleOnASpace() {
    String org = admin.organizations().create(unique("org"), null).id();
    String space = admin.spaces().create(unique("bound"), org).id();
    String user = admin.users().create("Bo", unique("bo") + "@example.com",
        PredefinedRole.MEMBER).id();
    admin.organizations().addUser(org, user, PredefinedRole.MEMBER);
    String reader = admin.roles().create(unique("reader"), null,
        List.of(Permission.SPACE_READ)).id();
    String writer = admin.roles().create(unique("writer"), null,
        List.of(Permission.SPACE_READ, Permission.SPACE_UPDATE)).id();

    RoleBinding binding = admin.roleBindings().createOnSpace(reader, user, space);
    assertThat(binding.resourceType()).isEqualTo("SPACE");
    assertThat(binding.resourceId()).isEqualTo(space);
    assertThat(binding.userId()).isEqualTo(user);
    assertThat(binding.roleId()).isEqualTo(reader);
    assertThat(admin.roleBindings().get(binding.id())).isEqualTo(binding);

    assertThatThrownBy(() -> admin.roleBindings().createOnSpace(writer, user, space))
        .isInstanceOf(ConflictException.class); // one binding per user per space
    assertThatThrownBy(() -> admin.roles().delete(reader))
        .isInstanceOf(ConflictException.class); // role in use

    assertThat(admin.roleBindings().list(user, ListParams.FIRST_PAGE).items())
        .extracting(RoleBinding::id).containsExactly(binding.id());
    assertThat(admin.roleBindings().listAll(null)).extracting(RoleBinding::id)
        .contains(binding.id());

    RoleBinding changed = admin.roleBindings().update(binding.id(), writer);
    assertThat(changed.roleId()).isEqualTo(writer);
    assertThat(changed.id()).isEqualTo(binding.id());

    // the binding grants exactly its permissions: the user may now rename the space
    var key = admin.users().createApiKey(user, "k", null, null).key();
    SpaceportClient asUser = Clients.as(server, key);
    assertThat(asUser.spaces().update(space, SpaceUpdateParams.name(unique("renamed"))).id())
        .isEqualTo(space);
    assertThatThrownBy(() -> asUser.spaces().delete(space))
        .isInstanceOf(ForbiddenException.class);

    admin.roleBindings().delete(binding.id());
    assertThatThrownBy(() -> admin.roleBindings().get(binding.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> asUser.spaces().get(space)).isInstanceOf(NotFoundException.class);
    admin.roles().delete(reader); // no longer in use
  }
}
