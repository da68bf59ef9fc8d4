package dev.spaceport.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Tells IDs from names and emails exactly as the SDK (and Arize's SDK) does. */
final class Ids {

  private Ids() {}

  /** Strict base64 whose bytes are UTF-8 text containing ':'. */
  static boolean looksLikeId(String value) {
    if (value == null || value.isEmpty() || value.length() % 4 != 0) {
      return false;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString().indexOf(':') >= 0;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
