package dev.spaceport.server.store;

/** A database failure that is not the caller's fault: it becomes a 5xx (503 when unreachable). */
public final class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
