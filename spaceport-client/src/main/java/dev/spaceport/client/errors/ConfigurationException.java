package dev.spaceport.client.errors;

/** The client can't be built as configured (no API key, an unknown scheme, …). */
public class ConfigurationException extends SpaceportException {

  public ConfigurationException(String message) {
    super(message);
  }
}
