package dev.spaceport.cli;

/** The command can't run as asked: a bad argument, missing configuration, no confirmation. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
