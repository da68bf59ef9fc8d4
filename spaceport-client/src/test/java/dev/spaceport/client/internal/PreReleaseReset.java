package dev.spaceport.client.internal;

/**
 * Test-only access to {@link PreRelease#reset()}, which is package-private. Living in the test
 * tree under the same package keeps the production API unchanged.
 */
public final class PreReleaseReset {

  private PreReleaseReset() {}

  /** Forgets which pre-release warnings this JVM has given. */
  public static void reset() {
    PreRelease.reset();
  }
}
