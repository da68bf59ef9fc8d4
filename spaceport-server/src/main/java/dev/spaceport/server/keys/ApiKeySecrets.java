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

  private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile(
      PREFIX + "[0-9A-Za-z]{" + (RANDOM_CHARS + CHECKSUM_CHARS) + "}");
  private static final String REDACTED = "[redacted]";
  /** Shorter values are not worth hiding (and would hide ordinary words). */
  private static final int MIN_SCRUBBED_LENGTH = 8;

  /**
   * {@code text} (an error detail, a logged path) with every key secret taken out: anything shaped
   * like one of our keys, and the credential of {@code authorization} (the request's
   * Authorization header, which may be any operator-chosen bootstrap key). Errors quote what the
   * client sent — a path, a field name, a token — and a key pasted in the wrong place must not
   * come back in a response or go into a log.
   */
  public static String scrub(String text, String authorization) {
    if (text == null) {
      return null;
    }
    String out = text;
    if (authorization != null) {
      String credential = authorization.substring(authorization.indexOf(' ') + 1).trim();
      for (String secret : new String[] {authorization.trim(), credential}) {
        if (secret.length() >= MIN_SCRUBBED_LENGTH) {
          out = out.replace(secret, REDACTED);
        }
      }
    }
    return out.contains(PREFIX) ? SECRET.matcher(out).replaceAll(REDACTED) : out;
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
