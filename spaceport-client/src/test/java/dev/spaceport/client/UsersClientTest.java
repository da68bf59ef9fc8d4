package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.api.ApiKey;
import dev.spaceport.api.ApiKeyCreated;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.User;
import dev.spaceport.api.UserCreated;
import dev.spaceport.client.errors.ConflictException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.client.errors.UnauthorizedException;
import dev.spaceport.client.errors.UnprocessableException;
import dev.spaceport.server.testing.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every operation of {@link UsersClient} against the real server. */
class UsersClientTest {

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
  void createGetListUpdateDelete() {
    String email = unique("ada") + "@example.com";
    UserCreated created = admin.users().create("Ada", email, PredefinedRole.MEMBER);
    assertThat(created.name()).isEqualTo("Ada");
    assertThat(created.email()).isEqualTo(email);
    assertThat(created.status()).isEqualTo("active");
    assertThat(created.inviteMode()).isEqualTo("none");
    assertThat(created.isDeveloper()).isTrue();
    assertThat(PredefinedRole.parse(created.role().name())).contains(PredefinedRole.MEMBER);

    User got = admin.users().get(created.id());
    assertThat(got.email()).isEqualTo(email);

    assertThat(admin.users().list(email.toUpperCase(), List.of(), ListParams.FIRST_PAGE).items())
        .extracting(User::id).containsExactly(created.id());
    assertThat(admin.users().list(email, List.of("active", "invited"), ListParams.limit(5))
        .items()).extracting(User::id).containsExactly(created.id());
    assertThat(admin.users().list(email, List.of("expired"), ListParams.FIRST_PAGE).items())
        .isEmpty();
    assertThat(admin.users().listAll()).extracting(User::id).contains(created.id());
    assertThat(admin.users().list().items()).isNotEmpty();

    User renamed = admin.users().update(created.id(), "Ada L.", null);
    assertThat(renamed.name()).isEqualTo("Ada L.");
    assertThat(admin.users().update(created.id(), null, false).isDeveloper()).isFalse();

    admin.users().delete(created.id());
    admin.users().delete(created.id()); // idempotent
    assertThatThrownBy(() -> admin.users().get(created.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void parameterObjectsWithBuilders() {
    String email = unique("built") + "@example.com";
    UserCreated created = admin.users().create(UserCreateParams.builder().name("Bea")
        .email(email).accountRole(PredefinedRole.ANNOTATOR).isDeveloper(true).build());
    assertThat(created.isDeveloper()).isTrue(); // not the annotator default
    assertThat(created.inviteMode()).isEqualTo("none");
    assertThat(PredefinedRole.parse(created.role().name())).contains(PredefinedRole.ANNOTATOR);
    assertThatThrownBy(() -> UserCreateParams.builder().name("x").email("x@example.com").build())
        .isInstanceOf(NullPointerException.class).hasMessage("accountRole");
    assertThatThrownBy(() -> admin.users().create(UserCreateParams.builder().name("Mailer")
        .email(unique("mail") + "@example.com").accountRole(PredefinedRole.MEMBER)
        .inviteMode(UsersClient.InviteMode.TEMPORARY_PASSWORD).build()))
        .isInstanceOf(UnprocessableException.class);

    assertThat(admin.users().list(UserListParams.builder().email(email.toUpperCase())
        .statuses("active", "invited").limit(5).build()).items())
        .extracting(User::id).containsExactly(created.id());
    assertThat(admin.users().list(UserListParams.builder().email(email)
        .statuses(List.of("expired")).build()).items()).isEmpty();
    assertThat(admin.users().listAll(UserListParams.builder().email(email).limit(1).build()))
        .extracting(User::id).containsExactly(created.id());

    User updated = admin.users().update(created.id(),
        UserUpdateParams.builder().name("Bea B.").isDeveloper(false).build());
    assertThat(updated.name()).isEqualTo("Bea B.");
    assertThat(updated.isDeveloper()).isFalse();
    assertThat(admin.users().update(created.id(), UserUpdateParams.isDeveloper(true))
        .isDeveloper()).isTrue();
    assertThat(admin.users().update(created.id(), UserUpdateParams.name("Bea")).name())
        .isEqualTo("Bea");

    Instant expires = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    ApiKeyCreated minted = admin.users().createApiKey(created.id(), ApiKeyCreateParams.builder()
        .name("built").expiresAt(expires).build());
    assertThat(minted.name()).isEqualTo("built");
    assertThat(minted.description()).isNullOrEmpty();
    assertThat(minted.expiresAt()).isEqualTo(expires);
    assertThat(minted.createdByUserId()).isEqualTo(created.id());

    CountingTransport transport = new CountingTransport();
    SpaceportClient counted = Clients.counting(server, transport);
    assertThatThrownBy(() -> counted.users().update(created.id(),
        UserUpdateParams.builder().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("At least one of 'name' or 'is_developer' must be provided");
    assertThat(transport.count()).isZero();
  }

  @Test
  void annotatorsAreNotDevelopersByDefaultAndEmailsAreUnique() {
    String email = unique("ann") + "@example.com";
    UserCreated annotator = admin.users().create("Ann", email, PredefinedRole.ANNOTATOR);
    assertThat(annotator.isDeveloper()).isFalse();
    assertThatThrownBy(() -> admin.users().create("Ann again", email.toUpperCase(),
        PredefinedRole.MEMBER)).isInstanceOf(ConflictException.class);
  }

  @Test
  void inviteModesThatSendMailAreUnprocessable() {
    assertThatThrownBy(() -> admin.users().create("Mailer", unique("mail") + "@example.com",
        PredefinedRole.MEMBER, UsersClient.InviteMode.EMAIL_LINK, null))
        .isInstanceOf(UnprocessableException.class)
        .satisfies(e -> assertThat(((UnprocessableException) e).detail().orElseThrow())
            .contains("email_link"));
  }

  @Test
  void createApiKeyMintsAKeyThatAuthenticatesAsTheUserUntilTheUserIsDeleted() {
    UserCreated user = admin.users().create("Keyed", unique("keyed") + "@example.com",
        PredefinedRole.MEMBER);
    Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    ApiKeyCreated minted = admin.users().createApiKey(user.id(), "ci", "for CI", expires);
    assertThat(minted.key()).isNotBlank();
    assertThat(minted.name()).isEqualTo("ci");
    assertThat(minted.description()).isEqualTo("for CI");
    assertThat(minted.createdByUserId()).isEqualTo(user.id());
    assertThat(minted.expiresAt()).isEqualTo(expires);
    assertThat(minted.keyType()).isEqualTo("user");
    assertThat(minted.redactedKey()).doesNotContain(minted.key());

    SpaceportClient asUser = Clients.as(server, minted.key());
    assertThat(asUser.apiKeys().listAll()).extracting(ApiKey::id).containsExactly(minted.id());

    admin.users().delete(user.id());
    assertThatThrownBy(() -> asUser.apiKeys().list(null, null, ListParams.FIRST_PAGE))
        .isInstanceOf(UnauthorizedException.class);
  }
}
