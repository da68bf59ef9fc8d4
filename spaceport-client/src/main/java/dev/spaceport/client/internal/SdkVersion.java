package dev.spaceport.client.internal;

/** The SDK's version, from the jar manifest when packaged. */
public final class SdkVersion {

  private SdkVersion() {}

  public static String get() {
    String version = SdkVersion.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0" : version;
  }
}
