package dev.spaceport.client;

/**
 * What to change on a space; a null field is left as it is. {@code description("")} clears it.
 */
public record SpaceUpdateParams(String name, String description) {

  public static SpaceUpdateParams name(String name) {
    return new SpaceUpdateParams(name, null);
  }

  public static SpaceUpdateParams description(String description) {
    return new SpaceUpdateParams(null, description);
  }

  boolean isEmpty() {
    return name == null && description == null;
  }
}
