package dev.spaceport.client.errors;

/** The server could not be reached, or the connection failed, after the configured retries. */
public class ConnectionException extends SpaceportException {

  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
