package dev.spaceport.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.spaceport.api.Problem;
import dev.spaceport.client.HttpTransport;
import dev.spaceport.client.errors.ApiException;
import dev.spaceport.client.errors.BadRequestException;
import dev.spaceport.client.errors.ConflictException;
import dev.spaceport.client.errors.ConnectionException;
import dev.spaceport.client.errors.ForbiddenException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.client.errors.RateLimitedException;
import dev.spaceport.client.errors.ServerException;
import dev.spaceport.client.errors.SpaceportException;
import dev.spaceport.client.errors.UnauthorizedException;
import dev.spaceport.client.errors.UnprocessableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends one API call: builds the request, retries what is safe to retry, and turns the answer
 * into a value or a typed exception. Shared by all resource clients; thread-safe.
 */
public final class Requester {

  private final URI baseUri;
  private final String authorization;
  private final HttpTransport transport;
  private final RetryPolicy retries;
  private final Duration timeout;
  private final boolean idempotencyKeys;
  private final Sleeper sleeper;
  private final Clock clock;

  /** Waits between attempts; replaceable so tests need not sleep for real. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public Requester(URI baseUri, String apiKey, HttpTransport transport, RetryPolicy retries,
      Duration timeout, boolean idempotencyKeys, Sleeper sleeper) {
    this.baseUri = baseUri;
    this.authorization = "Bearer " + apiKey;
    this.transport = transport;
    this.retries = retries;
    this.timeout = timeout;
    this.idempotencyKeys = idempotencyKeys;
    this.sleeper = sleeper;
    this.clock = Clock.systemUTC();
  }

  /** Percent-encodes a path segment (IDs contain '=', and user input may contain anything). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public <T> T get(String path, Map<String, ?> query, Class<T> type) {
    return parse(send("GET", path, query, null), Json.MAPPER.constructType(type));
  }

  /** A GET whose caller needs the response headers too. */
  public <T> Answer<T> getAnswer(String path, Map<String, ?> query, Class<T> type) {
    HttpTransport.Response response = send("GET", path, query, null);
    return new Answer<>(parse(response, Json.MAPPER.constructType(type)), response.headers());
  }

  /** A parsed body and the headers it came with. */
  public record Answer<T>(T body, Map<String, List<String>> headers) {

    /** The first value of a header; the name in any case (transports should lower-case). */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      if (values == null) {
        values = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
            .map(Map.Entry::getValue).findFirst().orElse(null);
      }
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public <U> Answer<U> map(java.util.function.Function<T, U> f) {
      return new Answer<>(f.apply(body), headers);
    }
  }

  public <T> T post(String path, Object body, Class<T> type) {
    return parse(send("POST", path, Map.of(), body), Json.MAPPER.constructType(type));
  }

  public <T> T patch(String path, Object body, Class<T> type) {
    return parse(send("PATCH", path, Map.of(), body), Json.MAPPER.constructType(type));
  }

  public void delete(String path) {
    send("DELETE", path, Map.of(), null);
  }

  /** Sends with retries; returns the first response that is not retried, if it is a 2xx. */
  HttpTransport.Response send(String method, String path, Map<String, ?> query, Object body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", authorization);
    headers.put("Accept", "application/json, application/problem+json");
    headers.put("User-Agent", "spaceport-java/" + SdkVersion.get());
    byte[] bytes = null;
    if (body != null) {
      bytes = Json.write(body);
      headers.put("Content-Type", "application/json");
    }
    boolean keyed = "POST".equals(method) && idempotencyKeys;
    if (keyed) {
      // One key for all attempts of this call: a retry after a lost response replays, not repeats.
      headers.put("Idempotency-Key", UUID.randomUUID().toString());
    }
    HttpTransport.Request request = new HttpTransport.Request(method, uri(path, query), headers,
        bytes, timeout);
    boolean repeatable = RetryPolicy.isRepeatable(method, keyed);
    for (int attempt = 0; ; attempt++) {
      HttpTransport.Response response;
      try {
        response = transport.send(request);
      } catch (IOException e) {
        if (!repeatable || attempt >= retries.maxRetries()) {
          throw new ConnectionException(method + " " + path + " failed: " + describe(e), e);
        }
        pause(retries.backoff(attempt));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SpaceportException("interrupted during " + method + " " + path, e);
      }
      if (repeatable && attempt < retries.maxRetries()
          && (RetryPolicy.isRetryableStatus(response.status())
              || RetryPolicy.isPassingConflict(response.status(), keyed,
                  response.header("retry-after")))) {
        Duration wait = RetryPolicy.retryAfter(response.header("retry-after"), clock);
        if (wait == null) {
          wait = retries.backoff(attempt);
        }
        if (wait.compareTo(RetryPolicy.MAX_RETRY_AFTER) <= 0) {
          pause(wait);
          continue;
        }
      }
      if (response.status() >= 200 && response.status() < 300) {
        return response;
      }
      throw error(response);
    }
  }

  /**
   * A readable reason for a failed exchange. The JDK's HTTP client throws some exceptions without
   * a message (a refused connection is a bare {@code ConnectException}); name the type then, and
   * the first message found among the causes.
   */
  private static String describe(IOException e) {
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return e.getClass().getName() + " (" + cause.getMessage() + ")";
      }
    }
    return e.getClass().getName();
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpaceportException("interrupted while waiting to retry", e);
    }
  }

  private URI uri(String path, Map<String, ?> query) {
    StringBuilder url = new StringBuilder(baseUri.toString());
    url.append(path);
    char separator = '?';
    for (Map.Entry<String, ?> param : query.entrySet()) {
      Object value = param.getValue();
      if (value == null) {
        continue;
      }
      for (Object single : value instanceof List<?> list ? list : List.of(value)) {
        url.append(separator).append(segment(param.getKey())).append('=')
            .append(segment(String.valueOf(single)));
        separator = '&';
      }
    }
    return URI.create(url.toString());
  }

  private static <T> T parse(HttpTransport.Response response, JavaType type) {
    if (type.getRawClass() == Void.class) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(response.body(), type);
    } catch (IOException e) {
      throw new SpaceportException("the server sent a response the SDK could not read: "
          + e.getMessage(), e);
    }
  }

  static ApiException error(HttpTransport.Response response) {
    Problem problem = null;
    String text = new String(response.body(), StandardCharsets.UTF_8);
    String contentType = response.header("content-type");
    if (contentType != null && contentType.contains("json") && !text.isBlank()) {
      try {
        problem = Json.MAPPER.readValue(response.body(), Problem.class);
      } catch (IOException e) {
        problem = null; // not a problem document; the raw text goes into the message instead
      }
    }
    String fallback = text.length() > 200 ? text.substring(0, 200) + "…" : text;
    int status = response.status();
    Map<String, List<String>> headers = response.headers();
    return switch (status) {
      case 401 -> new UnauthorizedException(status, problem, headers, fallback);
      case 403 -> new ForbiddenException(status, problem, headers, fallback);
      case 404 -> new NotFoundException(status, problem, headers, fallback);
      case 409 -> new ConflictException(status, problem, headers, fallback);
      case 422 -> new UnprocessableException(status, problem, headers, fallback);
      case 429 -> new RateLimitedException(status, problem, headers, fallback);
      default -> status >= 500
          ? new ServerException(status, problem, headers, fallback)
          : new BadRequestException(status, problem, headers, fallback);
    };
  }
}
