package dev.spaceport.bench;

import java.util.function.IntFunction;

/**
 * One thing to measure: a request shape, the reference path it is compared with (or null), and
 * whether to measure latency at half its maximum rate as well.
 */
record Scenario(String name, String target, IntFunction<byte[]> request, String referencePath,
    boolean latencyAtHalfRate, int connections) {

  static Scenario get(String name, String target, String path, String key, String referencePath) {
    byte[] request = RawHttpConnection.request("GET", path, key, null);
    return new Scenario(name, target, n -> request, referencePath, true, 4);
  }
}
