package dev.spaceport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Fresh request IDs are random version-4 UUIDs in their usual spelling. */
class RequestIdsTest {

  @Test
  void freshIdsAreDistinctVersion4Uuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.fresh();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void aClientIdHoldingTheKeyIsReplaced() {
    String key = "Bearer ak-secret-value-1234567890";
    assertThat(RequestIds.choose("trace-ak-secret-value-1234567890", key))
        .isNotEqualTo("trace-ak-secret-value-1234567890");
    assertThat(RequestIds.choose("trace-42", key)).isEqualTo("trace-42");
  }
}
