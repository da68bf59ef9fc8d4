package dev.spaceport.client.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-release warnings, as Arize's SDK gives them: the first call of each pre-release operation in
 * a JVM logs one WARN naming the operation key and its stage.
 */
public final class PreRelease {

  public enum Stage { ALPHA, BETA }

  private static final Logger LOG = LoggerFactory.getLogger("dev.spaceport.client.prerelease");
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private PreRelease() {}

  public static void warnOnce(String key, Stage stage) {
    if (WARNED.add(key)) {
      String name = stage.name().toLowerCase();
      LOG.warn("[{}] {} is {} {} API in Spaceport Java SDK v{} and may change without notice.",
          stage, key, stage == Stage.ALPHA ? "an" : "a", name, SdkVersion.get());
    }
  }

  /** For tests: forget which warnings were given. */
  static void reset() {
    WARNED.clear();
  }
}
