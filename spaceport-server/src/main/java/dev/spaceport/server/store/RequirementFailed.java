package dev.spaceport.server.store;

/**
 * A write's {@linkplain Tx.Statement#require requirement} did not hold when it ran, so the write
 * failed and wrote nothing. The caller does it again the long way, reading what it had assumed.
 */
public final class RequirementFailed extends RuntimeException {

  RequirementFailed(Throwable cause) {
    super("a requirement of the write no longer held", cause);
  }
}
