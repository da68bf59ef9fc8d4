package dev.spaceport.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain HTTP client for the tests, bound to one API key. Every response is checked against
 * openapi.yaml before the test sees it, so no test can pass on a response that breaks the
 * contract.
 */
public final class Api {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String key;

  public Api(String baseUrl, String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  /** The same server, as another caller ({@code null}: no Authorization header at all). */
  public Api as(String otherKey) {
    return new Api(baseUrl, otherKey);
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String key() {
    return key;
  }

  public ApiResponse get(String path) {
    return send("GET", path, null, Map.of());
  }

  public ApiResponse delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  public ApiResponse post(String path, Object body) {
    return send("POST", path, toJson(body), Map.of("Content-Type", "application/json"));
  }

  public ApiResponse patch(String path, Object body) {
    return send("PATCH", path, toJson(body), Map.of("Content-Type", "application/json"));
  }

  /** Sends {@code rawBody} exactly as given, with the given headers (for malformed input). */
  public ApiResponse send(String method, String path, String rawBody, Map<String, String> headers) {
    return sendBytes(method, path,
        rawBody == null ? null : rawBody.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** Sends {@code rawBody} byte for byte (e.g. bodies that are not UTF-8). */
  public ApiResponse sendBytes(String method, String path, byte[] rawBody,
      Map<String, String> headers) {
    return sendWith(method, path, rawBody == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(rawBody), headers);
  }

  /** Sends a body of unknown length, so it goes out chunked with no Content-Length. */
  public ApiResponse sendChunked(String method, String path, byte[] rawBody,
      Map<String, String> headers) {
    return sendWith(method, path, HttpRequest.BodyPublishers.ofInputStream(
        () -> new java.io.ByteArrayInputStream(rawBody)), headers);
  }

  private ApiResponse sendWith(String method, String path, HttpRequest.BodyPublisher body,
      Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body);
    if (key != null && headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
      request.header("Authorization", "Bearer " + key);
    }
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    String contentType = response.headers().firstValue("Content-Type").orElse(null);
    JsonNode json = parse(response.body(), contentType, method + " " + path);
    OpenApiContract.get().check(method, path, response.statusCode(), contentType,
        response.body(), json);
    return new ApiResponse(method, path, response.statusCode(), response.headers(),
        response.body(), json);
  }

  private static JsonNode parse(String body, String contentType, String where) {
    if (contentType == null || body.isEmpty() || !contentType.contains("json")) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError(where + " returned invalid JSON: " + body, e);
    }
  }

  /** Percent-encodes one path segment the way the Python SDK does (everything but unreserved). */
  public static String seg(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A JSON object from alternating keys and values; null values are left out. */
  public static Map<String, Object> body(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }

  private static String toJson(Object body) {
    if (body instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
