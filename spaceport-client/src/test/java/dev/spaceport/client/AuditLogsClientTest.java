package dev.spaceport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.api.AuditLogEntry;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.client.errors.BadRequestException;
import dev.spaceport.client.errors.ForbiddenException;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.TestServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link AuditLogsClient} against the real server. */
class AuditLogsClientTest {

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
      admin.close();
      server.close();
    }
  }

  @Test
  void readsFilteredPagesOfChanges() {
    Instant start = Instant.now().minusSeconds(1);
    String org = admin.organizations().create(Fixtures.unique("audit-sdk"), "").id();
    String space = admin.spaces().create("audited", org).id();
    for (int i = 0; i < 3; i++) {
      admin.spaces().update(space, SpaceUpdateParams.description("v" + i));
    }
    List<AuditLogEntry> history = admin.auditLogs().listAll(AuditLogListParams.builder()
        .resourceId(space).limit(2).build()).stream().toList();
    assertThat(history).extracting(AuditLogEntry::action)
        .containsExactly("space.create", "space.update", "space.update", "space.update");
    AuditLogEntry last = history.get(3);
    assertThat(last.resourceType()).isEqualTo("Space");
    assertThat(last.organizationId()).isEqualTo(org);
    assertThat(last.actorUserId()).isNotBlank();
    assertThat(last.actorKeyId()).isNotBlank();
    assertThat(last.requestId()).isNotBlank();
    assertThat(last.before()).containsEntry("description", "v1");
    assertThat(last.after()).containsEntry("description", "v2");

    Page<AuditLogEntry> page = admin.auditLogs().list(AuditLogListParams.builder()
        .action("organization.create").since(start).until(Instant.now().plusSeconds(5))
        .build());
    assertThat(page.items()).extracting(AuditLogEntry::resourceId).contains(org);
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void badFiltersAndMissingRightsAreTypedErrors() {
    assertThatThrownBy(() -> admin.auditLogs().list(AuditLogListParams.builder()
        .resourceType("Spaceship").build())).isInstanceOf(BadRequestException.class);
    String user = admin.users().create("Auditee", Fixtures.unique("auditee") + "@example.com",
        PredefinedRole.MEMBER).id();
    String key = admin.users().createApiKey(user, "k", null, null).key();
    try (SpaceportClient member = Clients.as(server, key)) {
      assertThatThrownBy(() -> member.auditLogs().list(AuditLogListParams.ALL))
          .isInstanceOf(ForbiddenException.class);
    }
  }
}
