package dev.spaceport.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spaceport.api.Problem;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before a request reaches a route (an unparseable request line,
 * headers too large, an ambiguous URI, a request arriving while the server shuts down), still go
 * out as RFC 9457 problems rather than HTML — and, like every other answer, with a request ID in
 * {@code X-Request-Id} and the Problem's {@code instance}, reported to {@link Refusals} (the
 * access log and metrics) because Javalin's request logger never sees these requests.
 */
public final class ProblemErrorHandler extends ErrorHandler {

  /** Hears of each request Jetty refused itself. */
  @FunctionalInterface
  public interface Refusals {
    /**
     * @param method the request's method, or null when the request could not be parsed
     * @param nanos how long the request took, or 0 when unknown
     */
    void refused(String method, int status, String requestId, long nanos);
  }

  private final Refusals refusals;

  public ProblemErrorHandler(Refusals refusals) {
    this.refusals = refusals;
  }

  /** Jetty writes error bodies only for GET, POST and HEAD; a PATCH deserves a problem too. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
      // A request line without "HTTP/1.x" (HTTP/0.9, or a raw line break in the target) is a
      // malformed request, and bad input never gets a 5xx.
      code = HttpStatus.BAD_REQUEST_400;
      message = "malformed request line: Spaceport speaks HTTP/1.1";
      response.setStatus(code);
    }
    HttpFields headers = request.getHeaders();
    String requestId = RequestIds.choose(headers.get(RequestIds.HEADER),
        headers.get(HttpHeader.AUTHORIZATION));
    response.getHeaders().put(RequestIds.HEADER, requestId);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    // After some of these errors (an undecodable URI) Jetty drops the connection without saying
    // so, and a client that reuses it loses its next request. Say so, and always close.
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    response.write(true, ByteBuffer.wrap(body(code, message, requestId)), callback);
    long began = request.getHeadersNanoTime();
    refusals.refused(request.getMethod(), code, requestId,
        began == 0 ? 0 : System.nanoTime() - began);
  }

  // No badMessageError override: Jetty 12.1 never calls it (requests it cannot parse also come
  // through generateResponse, above).

  private static byte[] body(int status, String message, String requestId) {
    String title = HttpStatus.getMessage(status);
    String detail = message == null || message.isBlank() || message.equals(title)
        ? "the request could not be processed: " + title.toLowerCase()
            + (status == 400 ? " (malformed request line, URI or headers)" : "")
        : message;
    Problem problem = ApiProblem.of(status, title, detail).toProblem(RequestIds.instanceOf(requestId));
    try {
      return Json.MAPPER.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
