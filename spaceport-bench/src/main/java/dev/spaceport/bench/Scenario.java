package dev.spaceport.bench;

import java.util.function.IntFunction;

/**
 * One thing to measure: a request shape, the reference path it is compared with (or null), and
 * whether to measure latency at half its maximum rate as well.
 */
record Scenario(String name, IntFunction<byte[]> request, String referencePath,
    boolean latencyAtHalfRate, int connections) {

  static final String GET = "get by ID";
  static final String MY_SPACES_FEW = "list page (my spaces, 100)";
  static final String MY_SPACES_MANY = "list page (my spaces, 100k)";
  static final String MY_SPACES_MANY_DEEP = "list page 90% deep (100k)";
  static final String ADMIN_FIRST = "admin list first page";
  static final String ADMIN_DEEP = "admin list page 90% deep";
  static final String CREATE = "durable create";

  static String filtered(String term) {
    return "filtered list '" + term + "'";
  }

  static Scenario get(String name, String path, String key, String referencePath) {
    byte[] request = RawHttpConnection.request("GET", path, key, null);
    return new Scenario(name, n -> request, referencePath, true, 4);
  }
}
