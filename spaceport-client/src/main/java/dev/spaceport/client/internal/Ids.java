package dev.spaceport.client.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Tells IDs from names exactly as Arize's SDK does. */
public final class Ids {

  private Ids() {}

  /**
   * True when {@code value} is strict base64 (standard alphabet, correct padding) whose bytes are
   * UTF-8 text containing {@code ':'}. Anything else is treated as a name.
   */
  public static boolean looksLikeId(String value) {
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
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return text.indexOf(':') >= 0;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
