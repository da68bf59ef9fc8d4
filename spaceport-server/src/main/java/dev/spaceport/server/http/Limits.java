package dev.spaceport.server.http;

/** Size limits on what a client may send; each is documented in README.md. */
public final class Limits {

  /** Request bodies beyond this are refused with 413 before any parsing. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** Request line plus headers. */
  public static final int MAX_HEADER_BYTES = 16 * 1024;

  private Limits() {}
}
