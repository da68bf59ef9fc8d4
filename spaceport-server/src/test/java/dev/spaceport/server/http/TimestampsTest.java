package dev.spaceport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct timestamp writer spells every instant exactly as the formatter that defines it. */
class TimestampsTest {

  @Test
  void agreesWithTheFormatterAcrossItsRangeAndAtItsEdges() {
    SplittableRandom random = new SplittableRandom(20261128);
    long first = -62_167_219_200_000L;
    long end = 253_402_300_800_000L;
    for (int i = 0; i < 200_000; i++) {
      assertSame(Instant.ofEpochMilli(random.nextLong(first, end)));
    }
    for (long millis : new long[] {first, first + 1, -1, 0, 1, 951_782_400_000L /* 2000-02-29 */,
        4_107_542_399_999L /* 2100-02-28T23:59:59.999 */, end - 1, end, first - 1,
        Long.MAX_VALUE / 1000, -4_000_000_000_000_000L}) {
      assertSame(Instant.ofEpochMilli(millis));
    }
    // Sub-millisecond digits are cut, as the pattern's SSS cuts them.
    assertSame(Instant.ofEpochSecond(1_800_000_000L, 999_999_999));
    assertSame(Instant.ofEpochSecond(-1, 999_999));
  }

  private static void assertSame(Instant instant) {
    assertThat(Timestamps.format(instant)).as(instant.toString())
        .isEqualTo(Json.TIMESTAMP.format(instant));
  }
}
