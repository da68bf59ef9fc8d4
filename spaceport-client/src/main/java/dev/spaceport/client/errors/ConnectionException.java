package dev.spaceport.client.errors;

/** The server could not be reached, or the connection failed, after the configured retries. */
public class ConnectionException extends SpaceportException {

  /** @param cause the transport's last failure */
  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
