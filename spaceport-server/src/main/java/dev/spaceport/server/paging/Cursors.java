package dev.spaceport.server.paging;

import dev.spaceport.server.http.ApiProblem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and opens page cursors. A cursor is a sort key — of the last row served, or of the last
 * row a bounded scan examined (see {@link Scan}) — plus a hash of the list and filters it belongs
 * to, HMAC-signed: stateless (any node holding the shared key can open it), tamper-evident, and
 * useless with other filters.
 */
public final class Cursors {

  private static final byte VERSION = 1;
  private static final int PAYLOAD_BYTES = 1 + 8 + 8 + 8;
  private static final int MAC_BYTES = 16;
  private static final int MAX_CURSOR_LENGTH = 256;

  /** Keyed once per thread: looking up and keying a Mac cost more than signing a cursor. */
  private final ThreadLocal<Mac> macs;
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(() -> algorithm(() -> MessageDigest.getInstance("SHA-256")));

  public Cursors(byte[] signingKey) {
    SecretKeySpec key = new SecretKeySpec(signingKey, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> algorithm(() -> {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    }));
  }

  /**
   * @param scope the list and its filters, canonically spelled (e.g. {@code spaces|org=3|name=x})
   */
  public String issue(String scope, SortKey after) {
    ByteBuffer buf = ByteBuffer.allocate(PAYLOAD_BYTES + MAC_BYTES);
    buf.put(VERSION).putLong(after.createdAt()).putLong(after.id()).putLong(scopeHash(scope));
    buf.put(mac(buf.array(), PAYLOAD_BYTES));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
  }

  /** The sort key a cursor points after, or a 400 if it is forged, damaged or for other filters. */
  public SortKey open(String cursor, String scope) {
    if (cursor.length() > MAX_CURSOR_LENGTH) {
      throw invalid();
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (bytes.length != PAYLOAD_BYTES + MAC_BYTES || bytes[0] != VERSION) {
      throw invalid();
    }
    // The decoder ignores the unused low bits of the last character, so several spellings decode
    // to the same bytes; only the one we issued is a cursor (an edited one is a 400).
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
      throw invalid();
    }
    byte[] expected = mac(bytes, PAYLOAD_BYTES);
    byte[] actual = java.util.Arrays.copyOfRange(bytes, PAYLOAD_BYTES, bytes.length);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw invalid();
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes, 1, PAYLOAD_BYTES - 1);
    SortKey after = new SortKey(buf.getLong(), buf.getLong());
    if (buf.getLong() != scopeHash(scope)) {
      throw ApiProblem.badRequest(
          "'cursor' was issued for a different list or different filters; "
              + "repeat the filters of the request that returned it");
    }
    return after;
  }

  private byte[] mac(byte[] data, int length) {
    Mac mac = macs.get();
    mac.update(data, 0, length);
    return java.util.Arrays.copyOf(mac.doFinal(), MAC_BYTES); // doFinal also resets it
  }

  private static long scopeHash(String scope) {
    byte[] digest = SHA_256.get().digest(scope.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest).getLong();
  }

  private interface Algorithm<T> {
    T get() throws GeneralSecurityException;
  }

  private static <T> T algorithm(Algorithm<T> algorithm) {
    try {
      return algorithm.get();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 and SHA-256 are required by every JVM", e);
    }
  }

  private static ApiProblem invalid() {
    return ApiProblem.badRequest("'cursor' is not a cursor this server issued");
  }
}
