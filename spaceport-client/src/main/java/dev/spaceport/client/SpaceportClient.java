package dev.spaceport.client;

import dev.spaceport.client.errors.ConfigurationException;
import dev.spaceport.client.internal.JdkHttpTransport;
import dev.spaceport.client.internal.Requester;
import dev.spaceport.client.internal.RetryPolicy;
import dev.spaceport.client.internal.SocketHttpTransport;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point of the Spaceport Java SDK: one per application, shared by all threads.
 *
 * <pre>{@code
 * try (SpaceportClient client = SpaceportClient.fromEnv()) {
 *   Space space = client.spaces().create("production", organizationId);
 *   client.spaces().listAll().forEach(s -> System.out.println(s.name()));
 * }
 * }</pre>
 *
 * <p>It speaks Arize's REST API v2, so it works against any server of that API, Spaceport or
 * Arize's own. Failed calls throw subclasses of {@link dev.spaceport.client.errors.ApiException};
 * connection failures and 429/503 answers are retried where that is safe.
 */
public final class SpaceportClient implements AutoCloseable {

  /** The host {@link #fromEnv()} uses without {@code ARIZE_API_HOST}, as Arize's SDK does. */
  public static final String DEFAULT_HOST = "api.arize.com";
  /** The scheme {@link #fromEnv()} uses without {@code ARIZE_API_SCHEME}. */
  public static final String DEFAULT_SCHEME = "https";

  private final HttpTransport transport;
  private final SpacesClient spaces;
  private final OrganizationsClient organizations;
  private final UsersClient users;
  private final RolesClient roles;
  private final RoleBindingsClient roleBindings;
  private final ApiKeysClient apiKeys;
  private final AuditLogsClient auditLogs;
  private final URI baseUri;

  private SpaceportClient(Builder b) {
    this.baseUri = b.baseUri;
    this.transport = b.transport != null ? b.transport
        : b.jdkHttpClient ? new JdkHttpTransport(b.connectTimeout)
        : new SocketHttpTransport(b.connectTimeout);
    Requester requester = new Requester(b.baseUri, b.apiKey, transport, b.retryPolicy,
        b.requestTimeout, b.idempotencyKeys, b.sleeper);
    this.spaces = new SpacesClient(requester);
    this.organizations = new OrganizationsClient(requester);
    this.users = new UsersClient(requester);
    this.roles = new RolesClient(requester);
    this.roleBindings = new RoleBindingsClient(requester);
    this.apiKeys = new ApiKeysClient(requester);
    this.auditLogs = new AuditLogsClient(requester);
  }

  /** A builder; {@link Builder#apiKey(String)} and the server are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured exactly as Arize's Python SDK configures itself: {@code ARIZE_API_KEY}
   * (required), {@code ARIZE_API_HOST} (host, optionally {@code :port}; default
   * {@value #DEFAULT_HOST}) and {@code ARIZE_API_SCHEME} ({@code http} or {@code https}; default
   * {@value #DEFAULT_SCHEME}). Values are trimmed.
   *
   * @throws ConfigurationException if the key is missing or the scheme is unknown
   */
  public static SpaceportClient fromEnv() {
    return builder().fromEnvironment(System.getenv()).build();
  }

  /** Spaces: the seed's {@code SpacesClient}, plus the member list and auto-paging. */
  public SpacesClient spaces() {
    return spaces;
  }

  /** Organizations and their members. */
  public OrganizationsClient organizations() {
    return organizations;
  }

  /** Account-level users. */
  public UsersClient users() {
    return users;
  }

  /** Predefined and custom roles. */
  public RolesClient roles() {
    return roles;
  }

  /** Custom roles bound to users on spaces. */
  public RoleBindingsClient roleBindings() {
    return roleBindings;
  }

  /** The caller's own API keys. */
  public ApiKeysClient apiKeys() {
    return apiKeys;
  }

  /** The audit log ({@code GET /v2/audit-logs}, a Spaceport extension). */
  public AuditLogsClient auditLogs() {
    return auditLogs;
  }

  /** The server this client talks to, e.g. {@code http://127.0.0.1:8080}. */
  public URI baseUri() {
    return baseUri;
  }

  /** Releases the HTTP client's connections. The client must not be used afterwards. */
  @Override
  public void close() {
    transport.close();
  }

  /** Configures a {@link SpaceportClient}. Only the API key and the server are required. */
  public static final class Builder {
    private String apiKey;
    private URI baseUri;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private boolean idempotencyKeys = true;
    private HttpTransport transport;
    private boolean jdkHttpClient;
    private Requester.Sleeper sleeper = wait -> Thread.sleep(wait.toMillis());

    private Builder() {}

    /** The API key sent as {@code Authorization: Bearer <key>} on every call (required). */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The server's base URI, e.g. {@code http://127.0.0.1:8080}. */
    public Builder baseUri(String baseUri) {
      return baseUri(URI.create(baseUri));
    }

    /** The server's base URI; a trailing slash is dropped. */
    public Builder baseUri(URI baseUri) {
      String text = baseUri.toString();
      this.baseUri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      return this;
    }

    /**
     * The server as Arize's SDK names it: a host (optionally {@code :port}) and a scheme.
     *
     * @throws ConfigurationException if the scheme is not http/https or the host is not a host
     */
    public Builder host(String host, String scheme) {
      String s = scheme.trim().toLowerCase(Locale.ROOT);
      if (!s.equals("http") && !s.equals("https")) {
        throw new ConfigurationException(
            "ARIZE_API_SCHEME must be one of ['http', 'https']. Found '" + scheme + "'");
      }
      String h = stripSlashes(host.trim());
      URI uri;
      try {
        uri = URI.create(s + "://" + h);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (h.isEmpty() || h.contains("://") || uri == null || uri.getHost() == null) {
        throw new ConfigurationException("ARIZE_API_HOST must be a host, optionally with "
            + ":port and without a scheme. Found '" + host + "'");
      }
      return baseUri(uri);
    }

    /** Reads {@code ARIZE_API_KEY}, {@code ARIZE_API_HOST}, {@code ARIZE_API_SCHEME} from env. */
    public Builder fromEnvironment(Map<String, String> env) {
      String key = env.getOrDefault("ARIZE_API_KEY", "").trim();
      if (key.isEmpty()) {
        throw new ConfigurationException("No API key: set ARIZE_API_KEY (an API key of your "
            + "Spaceport or Arize account) or pass one to SpaceportClient.builder().apiKey(...)");
      }
      apiKey(key);
      return host(env.getOrDefault("ARIZE_API_HOST", DEFAULT_HOST).trim(),
          env.getOrDefault("ARIZE_API_SCHEME", DEFAULT_SCHEME));
    }

    /** How many times a failed call that is safe to repeat is retried (default 3; 0 disables). */
    public Builder maxRetries(int maxRetries) {
      this.retryPolicy = new RetryPolicy(maxRetries, retryPolicy.baseDelay(),
          retryPolicy.maxDelay());
      return this;
    }

    /** Backoff between retries when the server gives no Retry-After: full jitter, capped. */
    public Builder retryBackoff(Duration base, Duration max) {
      this.retryPolicy = new RetryPolicy(retryPolicy.maxRetries(), base, max);
      return this;
    }

    /** How long opening a connection may take (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** How long one attempt may take from sending to the end of the response (default 30 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Whether POSTs carry a fresh {@code Idempotency-Key} (default true). Without one, POSTs are
     * never retried.
     */
    public Builder idempotencyKeys(boolean enabled) {
      this.idempotencyKeys = enabled;
      return this;
    }

    /**
     * Replaces the HTTP transport. The default speaks blocking HTTP/1.1 on the calling thread over
     * a small pool of keep-alive connections per server; see {@link #useJdkHttpClient()} for the
     * other built-in one.
     */
    public Builder transport(HttpTransport transport) {
      this.transport = transport;
      return this;
    }

    /**
     * Sends through {@code java.net.http.HttpClient} instead of the default transport: the JDK's
     * own HTTP/1.1 client, asynchronous underneath (a selector thread per client), long tested but
     * slower per call (about 0.3 ms more on loopback, from the hand-offs between threads). An
     * escape hatch should the default transport disagree with some server or middlebox. Ignored
     * when {@link #transport(HttpTransport)} is given.
     */
    public Builder useJdkHttpClient() {
      this.jdkHttpClient = true;
      return this;
    }

    Builder sleeper(Requester.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /**
     * The client, with its own HTTP transport.
     *
     * @throws ConfigurationException without an API key or a server
     */
    public SpaceportClient build() {
      if (apiKey == null || apiKey.isBlank()) {
        throw new ConfigurationException("an API key is required");
      }
      if (baseUri == null) {
        throw new ConfigurationException("the server is required: baseUri(...) or host(...)");
      }
      return new SpaceportClient(this);
    }

    private static String stripSlashes(String host) {
      String h = host;
      while (h.endsWith("/")) {
        h = h.substring(0, h.length() - 1);
      }
      return h;
    }
  }
}
