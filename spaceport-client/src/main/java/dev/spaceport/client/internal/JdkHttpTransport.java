package dev.spaceport.client.internal;

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
 * The transport over one shared {@link HttpClient} (HTTP/1.1 keep-alive; it pools connections per
 * host), so all calls of a client reuse connections. Not the default (that is
 * {@link SocketHttpTransport}); chosen with {@code SpaceportClient.Builder.useJdkHttpClient()}.
 */
public final class JdkHttpTransport implements HttpTransport {

  private final HttpClient http;

  public JdkHttpTransport(Duration connectTimeout) {
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public Response send(Request request) throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
        .timeout(request.timeout())
        .method(request.method(), request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(builder::header);
    HttpResponse<byte[]> response = http.send(builder.build(),
        HttpResponse.BodyHandlers.ofByteArray());
    Map<String, List<String>> headers = new TreeMap<>();
    response.headers().map().forEach((name, values) ->
        headers.put(name.toLowerCase(Locale.ROOT), values));
    return new Response(response.statusCode(), headers, response.body());
  }
}
