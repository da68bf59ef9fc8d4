package dev.spaceport.server.ids;

import dev.spaceport.server.http.ApiProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A public ID: standard base64 of {@code Type:<row number>:<suffix>}. The random suffix is stored
 * with the row and must match on lookup, so row numbers can't be guessed into valid IDs.
 */
public record PublicId(IdType type, long number, String suffix) {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int SUFFIX_LENGTH = 4;
  private static final int MAX_ENCODED_LENGTH = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  public static String encode(IdType type, long number, String suffix) {
    String text = type.name() + ":" + number + ":" + suffix;
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  public String encoded() {
    return encode(type, number, suffix);
  }

  /** A fresh random suffix for a new row. */
  public static String newSuffix() {
    char[] chars = new char[SUFFIX_LENGTH];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = BASE62.charAt(RANDOM.nextInt(BASE62.length()));
    }
    return new String(chars);
  }

  /**
   * Decodes an ID that must be of {@code expected} type, or fails with a 400 naming {@code field}.
   * A well-formed ID that names no row is the caller's 404 to raise, not this method's.
   */
  public static PublicId parse(String encoded, IdType expected, String field) {
    PublicId id = tryParse(encoded);
    if (id == null) {
      throw ApiProblem.badRequest("'" + field + "' is not a valid " + expected.name() + " ID");
    }
    if (id.type != expected) {
      throw ApiProblem.badRequest(
          "'" + field + "' is a " + id.type.name() + " ID, expected a " + expected.name() + " ID");
    }
    return id;
  }

  /** Decodes any well-formed ID, or returns null. Never throws on garbage. */
  public static PublicId tryParse(String encoded) {
    if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
      return null;
    }
    String text;
    try {
      byte[] bytes = Base64.getDecoder().decode(encoded);
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      return null;
    }
    IdType type;
    try {
      type = IdType.valueOf(parts[0]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    long number = parseNumber(parts[1]);
    if (number <= 0 || !isSuffix(parts[2])) {
      return null;
    }
    PublicId id = new PublicId(type, number, parts[2]);
    // Reject non-canonical spellings (e.g. "007", unpadded base64) so one row has one ID.
    return id.encoded().equals(encoded) ? id : null;
  }

  private static long parseNumber(String digits) {
    if (digits.isEmpty() || digits.length() > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static boolean isSuffix(String s) {
    if (s.length() != SUFFIX_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (BASE62.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
