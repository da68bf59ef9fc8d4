package dev.spaceport.server.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What of an idempotent request goes into the store, so that a copy of the database alone reveals
 * neither the {@code Idempotency-Key} nor the response (which for the API-key endpoints carries the
 * plaintext secret, stored nowhere else): the record is found by the SHA-256 of the key, and the
 * response body is sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the raw
 * Idempotency-Key and the ID of the API key that sent it.
 *
 * <p>Why the Idempotency-Key and no server-side secret: the only party who can ask for a replay is
 * the client that sent the key, so the key is exactly the secret a replay needs, and it is never
 * stored. A per-deployment secret kept in the store (as paging/SigningKeys keeps the cursor key)
 * would sit in every copy of the database beside the rows it protects, so it would add nothing
 * against the threat here; one kept outside the store would have to be given to every node and
 * kept forever, and losing it would turn replays into errors. The API key's ID separates the keys
 * of different callers who happen to pick the same Idempotency-Key. The protection is as strong as
 * the Idempotency-Key is unguessable: the SDK sends a random UUID (122 bits); a client that sends
 * guessable keys could have them found from their hashes.
 *
 * <p>The GCM tag also covers the record's other columns (API key, key hash, request hash, status,
 * content type), so a row edited or moved in the store fails to open instead of replaying.
 */
final class IdempotencySeal {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] HKDF_SALT =
      "spaceport idempotency response key v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private IdempotencySeal() {}

  /** SHA-256 of the Idempotency-Key: what the store keeps instead of the key. */
  static byte[] keyHash(String idempotencyKey) {
    return sha256().digest(idempotencyKey.getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code body} encrypted for the record described by the other arguments. */
  static byte[] seal(String idempotencyKey, long apiKeyId, byte[] keyHash, byte[] requestHash,
      int status, String contentType, byte[] body) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce); // the same key may seal again once its record expired
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, idempotencyKey, apiKeyId, nonce);
      cipher.updateAAD(associatedData(apiKeyId, keyHash, requestHash, status, contentType));
      byte[] ciphertext = cipher.doFinal(body);
      byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + ciphertext.length);
      System.arraycopy(ciphertext, 0, sealed, NONCE_BYTES, ciphertext.length);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal an idempotent response", e);
    }
  }

  /** The body {@link #seal} sealed; fails if the key or any of the record's columns differ. */
  static byte[] open(String idempotencyKey, long apiKeyId, byte[] keyHash, byte[] requestHash,
      int status, String contentType, byte[] sealed) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalStateException("stored idempotent response is truncated");
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, idempotencyKey, apiKeyId,
          Arrays.copyOf(sealed, NONCE_BYTES));
      cipher.updateAAD(associatedData(apiKeyId, keyHash, requestHash, status, contentType));
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored idempotent response does not open", e);
    }
  }

  private static Cipher cipher(int mode, String idempotencyKey, long apiKeyId, byte[] nonce)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(responseKey(idempotencyKey, apiKeyId), "AES"),
        new GCMParameterSpec(TAG_BITS, nonce));
    return cipher;
  }

  /** HKDF-SHA256 (RFC 5869), one 32-byte block: extract from the key, expand with the API key. */
  private static byte[] responseKey(String idempotencyKey, long apiKeyId)
      throws GeneralSecurityException {
    byte[] prk = hmac(HKDF_SALT, idempotencyKey.getBytes(StandardCharsets.US_ASCII));
    byte[] info = ByteBuffer.allocate(Long.BYTES).putLong(apiKeyId).array();
    Mac expand = Mac.getInstance("HmacSHA256");
    expand.init(new SecretKeySpec(prk, "HmacSHA256"));
    expand.update(info);
    expand.update((byte) 1);
    return expand.doFinal();
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] associatedData(long apiKeyId, byte[] keyHash, byte[] requestHash,
      int status, String contentType) {
    byte[] type = contentType.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Long.BYTES + 4 + keyHash.length + 4 + requestHash.length
            + Integer.BYTES + 4 + type.length)
        .putLong(apiKeyId)
        .putInt(keyHash.length).put(keyHash)
        .putInt(requestHash.length).put(requestHash)
        .putInt(status)
        .putInt(type.length).put(type)
        .array();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
