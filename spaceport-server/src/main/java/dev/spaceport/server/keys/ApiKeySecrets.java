package dev.spaceport.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The shape of API key secrets: {@code spk_} + 32 base62 characters (≈190 bits of randomness) + a
 * 6-character CRC32 checksum, so secret scanners can recognise a key and a typo is caught before
 * any database lookup. Only the SHA-256 of a key is ever stored.
 */
public final class ApiKeySecrets {

  public static final String PREFIX = "spk_";
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int RANDOM_CHARS = 32;
  private static final int CHECKSUM_CHARS = 6;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {}

  public static String generate() {
    StringBuilder body = new StringBuilder(RANDOM_CHARS);
    for (int i = 0; i < RANDOM_CHARS; i++) {
      body.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
    }
    return PREFIX + body + checksum(body.toString());
  }

  /**
   * False for a string that claims our prefix but fails its checksum. Keys without the prefix (an
   * operator-chosen bootstrap key) are left to the hash lookup.
   */
  public static boolean isPlausible(String key) {
    if (!key.startsWith(PREFIX)) {
      return true;
    }
    if (key.length() != PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS) {
      return false;
    }
    String body = key.substring(PREFIX.length(), PREFIX.length() + RANDOM_CHARS);
    return checksum(body).equals(key.substring(PREFIX.length() + RANDOM_CHARS));
  }

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** A few leading and trailing characters, enough to tell keys apart in a list. */
  public static String redact(String key) {
    int keep = Math.min(4, key.length() / 4);
    String head = key.startsWith(PREFIX) ? key.substring(0, PREFIX.length() + keep)
        : key.substring(0, keep);
    return head + "…" + key.substring(key.length() - keep);
  }

  private static String checksum(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] out = new char[CHECKSUM_CHARS];
    for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(out);
  }
}
