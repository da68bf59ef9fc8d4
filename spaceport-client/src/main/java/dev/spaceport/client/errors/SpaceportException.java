package dev.spaceport.client.errors;

/** The root of every exception the SDK throws; unchecked, as in most modern Java clients. */
public class SpaceportException extends RuntimeException {

  /** A failure with no underlying cause. */
  public SpaceportException(String message) {
    super(message);
  }

  /** A failure caused by {@code cause} (an I/O error, an interruption, unreadable JSON). */
  public SpaceportException(String message, Throwable cause) {
    super(message, cause);
  }
}
