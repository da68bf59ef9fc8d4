package dev.spaceport.server.http;

/** Size limits on what a client may send; each is documented in README.md. */
public final class Limits {

  /** Request bodies beyond this are refused with 413 before any parsing. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** Request line plus headers. */
  public static final int MAX_HEADER_BYTES = 16 * 1024;
  /**
   * A connection on which nothing arrives for this long — between requests, inside the headers or
   * inside the body — is closed, so a stalled client can't hold a socket and a thread forever.
   */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  /** Overrides {@link #DEFAULT_IDLE_TIMEOUT_MS} (tests use a short one). */
  public static final String IDLE_TIMEOUT_PROPERTY = "spaceport.http.idle-timeout-ms";

  /** The idle timeout for a server starting now. */
  public static long idleTimeoutMillis() {
    return Long.getLong(IDLE_TIMEOUT_PROPERTY, DEFAULT_IDLE_TIMEOUT_MS);
  }

  private Limits() {}
}
