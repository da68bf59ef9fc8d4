package dev.spaceport.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IDs vs names, exactly as Arize's {@code is_resource_id}: strict base64 of UTF-8 with a ':'. */
class IdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"U3BhY2U6MTpiRnVM", "YTpi", "Og==", "OmE=", "U3BhY2U6MTIzOmFiY2Q="})
  void stringsThatDecodeToTextWithAColonAreIds(String value) {
    assertThat(Ids.looksLikeId(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"production", "prod", "", "YWJj" /* "abc": no colon */,
      "YTpi=" /* bad padding */, "YTp" /* length not a multiple of 4 */,
      "U3BhY2U6MTpiRnVM\n", "U3BhY2U-MTpi" /* url-safe alphabet */, "/w==" /* 0xFF: not UTF-8 */,
      "my space"})
  void everythingElseIsAName(String value) {
    assertThat(Ids.looksLikeId(value)).isFalse();
  }
}
