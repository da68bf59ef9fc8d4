package dev.spaceport.server.config;

/** A setting that is unknown or whose value is not valid; the message says which and where from. */
public final class ConfigException extends IllegalArgumentException {

  public ConfigException(String message) {
    super(message);
  }
}
