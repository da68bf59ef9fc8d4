package dev.spaceport.server.http;

import dev.spaceport.server.audit.Actor;
import dev.spaceport.server.keys.ApiKeySecrets;
import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * Every request carries an ID: the client's {@code X-Request-Id} when it sent a sane one (one
 * holding an API key is not), otherwise a fresh one. It is echoed in the response, named in every
 * log line written while the request runs (the MDC key {@value #MDC_REQUEST_ID}), in the access log
 * line, in audit records, and in Problem bodies as {@code instance} ({@code urn:request:<id>}).
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  /** MDC keys: set while a request runs on its thread, so application logs carry them. */
  public static final String MDC_REQUEST_ID = "request_id";
  public static final String MDC_KEY_ID = "key_id";
  public static final String MDC_USER_ID = "user_id";
  private static final String ATTRIBUTE = "spaceport.request-id";
  private static final String INSTANCE_PREFIX = "urn:request:";
  private static final int MAX_LENGTH = 128;

  private RequestIds() {}

  public static void assign(Context ctx) {
    String id = choose(ctx.header(HEADER), ctx.header("Authorization"));
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    clearMdc(); // threads are pooled: nothing of an earlier request may linger
    MDC.put(MDC_REQUEST_ID, id);
  }

  /**
   * The request's ID: the client's {@code X-Request-Id} when it is sane, otherwise a fresh one.
   * Also used for the requests Jetty refuses before they reach a route ({@link
   * ProblemErrorHandler}), so those carry an ID too.
   *
   * @param fromClient the {@code X-Request-Id} header, or null
   * @param authorization the {@code Authorization} header, or null
   */
  public static String choose(String fromClient, String authorization) {
    if (fromClient == null || fromClient.isEmpty() || fromClient.length() > MAX_LENGTH
        || !isPrintableAscii(fromClient)
        || !fromClient.equals(ApiKeySecrets.scrub(fromClient, authorization))) {
      // (An ID that holds a key is not echoed or logged: it gets a fresh one.)
      return fresh();
    }
    return fromClient;
  }

  /**
   * A random (version 4) UUID from the thread's own generator. A request ID names a request and
   * grants nothing, so it needs no cryptographic randomness; {@link UUID#randomUUID} draws on one
   * {@code SecureRandom} that every request thread shares (~2% of a get's CPU, under a lock).
   */
  static String fresh() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48;
    return new UUID(high, low).toString();
  }

  /** The Problem {@code instance} that names the request with this ID. */
  public static String instanceOf(String requestId) {
    return INSTANCE_PREFIX + requestId;
  }

  /**
   * Adds the request's key and user to the MDC (public IDs; never the key itself): authenticated,
   * or claimed ({@link KeyClaim}) and taken out again if the claim is refused.
   */
  static void identified(Context ctx, Actor actor) {
    MDC.put(MDC_KEY_ID, actor.keyId());
    MDC.put(MDC_USER_ID, actor.userId());
  }

  /** Takes the key and user back out of the MDC: the key claimed was refused. */
  static void unidentified() {
    MDC.remove(MDC_KEY_ID);
    MDC.remove(MDC_USER_ID);
  }

  public static void clearMdc() {
    MDC.remove(MDC_REQUEST_ID);
    MDC.remove(MDC_KEY_ID);
    MDC.remove(MDC_USER_ID);
  }

  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }

  /** The Problem {@code instance} naming this request, or null before an ID was assigned. */
  public static String instance(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? null : instanceOf(id);
  }

  private static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
