package dev.spaceport.client.errors;

/** The root of every exception the SDK throws; unchecked, as in most modern Java clients. */
public class SpaceportException extends RuntimeException {

  public SpaceportException(String message) {
    super(message);
  }

  public SpaceportException(String message, Throwable cause) {
    super(message, cause);
  }
}
