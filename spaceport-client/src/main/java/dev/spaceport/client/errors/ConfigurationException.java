package dev.spaceport.client.errors;

/** The client can't be built as configured (no API key, an unknown scheme, …). */
public class ConfigurationException extends SpaceportException {

  /** @param message what is wrong with the configuration, and how to fix it */
  public ConfigurationException(String message) {
    super(message);
  }
}
