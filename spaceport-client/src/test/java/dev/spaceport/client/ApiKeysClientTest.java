package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.api.ApiKey;
import dev.spaceport.api.ApiKeyCreated;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.client.errors.BadRequestException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.client.errors.UnauthorizedException;
import dev.spaceport.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation of {@link ApiKeysClient} against the real server, as an ordinary user. */
class ApiKeysClientTest {

  static TestServer server;
  static SpaceportClient admin;

  SpaceportClient user;
  String userId;

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
  void aUserWithAKey() {
    userId = admin.users().create("Kim", unique("kim") + "@example.com", PredefinedRole.MEMBER)
        .id();
    user = Clients.as(server, admin.users().createApiKey(userId, "bootstrap", null, null).key());
  }

  @Test
  void createListAndDelete() {
    Instant expires = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    ApiKeyCreated created = user.apiKeys().create("laptop", "my laptop", expires);
    assertThat(created.key()).isNotBlank();
    assertThat(created.status()).isEqualTo("active");
    assertThat(created.keyType()).isEqualTo("user");
    assertThat(created.createdByUserId()).isEqualTo(userId);
    assertThat(created.expiresAt()).isEqualTo(expires);
    assertThat(created.redactedKey()).isNotBlank().isNotEqualTo(created.key());

    SpaceportClient withNewKey = Clients.as(server, created.key());
    assertThat(withNewKey.apiKeys().listAll()).extracting(ApiKey::name)
        .containsExactly("bootstrap", "laptop");
    assertThat(user.apiKeys().list("user", "active", ListParams.limit(1)).items()).hasSize(1);

    user.apiKeys().delete(created.id());
    assertThatThrownBy(() -> withNewKey.apiKeys().listAll().iterator().hasNext())
        .isInstanceOf(UnauthorizedException.class);
    assertThat(user.apiKeys().list(null, "deleted", ListParams.FIRST_PAGE).items())
        .extracting(ApiKey::id).containsExactly(created.id());
    assertThat(user.apiKeys().list(null, "active", ListParams.FIRST_PAGE).items())
        .extracting(ApiKey::name).containsExactly("bootstrap");
    assertThatThrownBy(() -> user.apiKeys().list("robot", null, ListParams.FIRST_PAGE))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void parameterObjectsWithBuilders() {
    Instant expires = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    ApiKeyCreated created = user.apiKeys().create(ApiKeyCreateParams.builder().name("built")
        .description("from a builder").expiresAt(expires).build());
    assertThat(created.name()).isEqualTo("built");
    assertThat(created.description()).isEqualTo("from a builder");
    assertThat(created.expiresAt()).isEqualTo(expires);
    ApiKeyCreated plain = user.apiKeys().create(ApiKeyCreateParams.builder().name("plain")
        .build());
    assertThat(plain.expiresAt()).isNull();
    assertThatThrownBy(() -> ApiKeyCreateParams.builder().description("nameless").build())
        .isInstanceOf(NullPointerException.class).hasMessage("name");

    Page<ApiKey> first = user.apiKeys().list(ApiKeyListParams.builder().keyType("user")
        .status("active").limit(2).build());
    assertThat(first.items()).extracting(ApiKey::name).containsExactly("bootstrap", "built");
    assertThat(first.hasMore()).isTrue();
    assertThat(user.apiKeys().list(ApiKeyListParams.builder().keyType("user").status("active")
        .limit(2).cursor(first.nextCursor().orElseThrow()).build()).items())
        .extracting(ApiKey::name).containsExactly("plain");
    assertThat(user.apiKeys().listAll(ApiKeyListParams.builder().status("active").limit(1)
        .build())).extracting(ApiKey::name).containsExactly("bootstrap", "built", "plain");

    Instant newExpiry = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    ApiKeyCreated refreshed = user.apiKeys().refresh(created.id(), ApiKeyRefreshParams.builder()
        .expiresAt(newExpiry).gracePeriod(Duration.ofMinutes(10)).build());
    assertThat(refreshed.expiresAt()).isEqualTo(newExpiry);
    assertThat(Clients.as(server, created.key()).apiKeys().list(ApiKeyListParams.builder()
        .build()).items()).isNotEmpty(); // the grace period holds

    ApiKeyCreated rotated = user.apiKeys().refresh(plain.id(), ApiKeyRefreshParams.NOW);
    assertThat(rotated.key()).isNotEqualTo(plain.key());
    assertThatThrownBy(() -> Clients.as(server, plain.key()).apiKeys().listAll().iterator()
        .hasNext()).isInstanceOf(UnauthorizedException.class);

    user.apiKeys().delete(plain.id());
    assertThat(user.apiKeys().list(ApiKeyListParams.builder().status("deleted").build())
        .items()).extracting(ApiKey::id).containsExactly(plain.id());
  }

  @Test
  void refreshWithoutGraceRetiresTheOldSecretAtOnce() {
    ApiKeyCreated created = user.apiKeys().create("rotating", null, null);
    SpaceportClient old = Clients.as(server, created.key());

    ApiKeyCreated refreshed = user.apiKeys().refresh(created.id(), null, null);
    assertThat(refreshed.id()).isEqualTo(created.id());
    assertThat(refreshed.key()).isNotEqualTo(created.key());

    assertThatThrownBy(() -> old.apiKeys().list(null, null, ListParams.FIRST_PAGE))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(Clients.as(server, refreshed.key()).apiKeys().list(null, null,
        ListParams.FIRST_PAGE).items()).isNotEmpty();
  }

  @Test
  void refreshWithGraceKeepsTheOldSecretWorkingForAWhile() {
    ApiKeyCreated created = user.apiKeys().create("graceful", null, null);
    Instant newExpiry = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    ApiKeyCreated refreshed = user.apiKeys().refresh(created.id(), newExpiry,
        Duration.ofMinutes(10));
    assertThat(refreshed.expiresAt()).isEqualTo(newExpiry);

    assertThat(Clients.as(server, created.key()).apiKeys().list(null, null,
        ListParams.FIRST_PAGE).items()).isNotEmpty();
    assertThat(Clients.as(server, refreshed.key()).apiKeys().list(null, null,
        ListParams.FIRST_PAGE).items()).isNotEmpty();
  }

  @Test
  void anotherUsersKeyIsInvisible() {
    ApiKeyCreated mine = user.apiKeys().create("mine", null, null);
    assertThatThrownBy(() -> admin.apiKeys().delete(mine.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> admin.apiKeys().refresh(mine.id(), null, null))
        .isInstanceOf(NotFoundException.class);
  }
}
