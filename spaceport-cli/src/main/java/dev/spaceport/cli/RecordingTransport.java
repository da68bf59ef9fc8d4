package dev.spaceport.cli;

import dev.spaceport.client.HttpTransport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CLI's HTTP transport: plain sockets for {@code http://} (see {@link PlainHttp}), and
 * {@code java.net.http} for {@code https://}, created only when needed; plus a memory of the last
 * successful response body. The CLI prints that body (or, for lists, the items in it) rather than
 * re-serialising the SDK's records, so {@code --output json} is exactly what the API sent, field
 * for field, even from a newer server with fields this SDK does not know.
 */
final class RecordingTransport implements HttpTransport {

  private final Duration connectTimeout;
  private HttpClient http;
  private byte[] lastBody;
  private int sequence;

  RecordingTransport(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  @Override
  public Response send(Request request) throws IOException, InterruptedException {
    Response response = "http".equalsIgnoreCase(request.uri().getScheme())
        ? PlainHttp.send(request, connectTimeout)
        : sendWithHttpClient(request);
    if (response.status() >= 200 && response.status() < 300) {
      synchronized (this) {
        lastBody = response.body();
        sequence++;
      }
    }
    return response;
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(connectTimeout)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
    }
    return http;
  }

  private Response sendWithHttpClient(Request request) throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
        .timeout(request.timeout())
        .method(request.method(), request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(builder::header);
    HttpResponse<byte[]> response = http().send(builder.build(),
        HttpResponse.BodyHandlers.ofByteArray());
    Map<String, List<String>> headers = new TreeMap<>();
    response.headers().map().forEach((name, values) ->
        headers.put(name.toLowerCase(Locale.ROOT), values));
    return new Response(response.statusCode(), headers, response.body());
  }

  /** The body of the last 2xx response (null before the first). */
  synchronized byte[] lastBody() {
    return lastBody;
  }

  /** Counts 2xx responses, so a caller can tell whether a new one has arrived. */
  synchronized int sequence() {
    return sequence;
  }
}
