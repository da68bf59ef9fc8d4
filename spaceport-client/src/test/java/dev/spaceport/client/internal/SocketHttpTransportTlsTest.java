package dev.spaceport.client.internal;

import static dev.spaceport.client.internal.TinyHttpServer.response;
import static dev.spaceport.client.internal.TinyHttpServer.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.client.HttpTransport.Request;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https through the default transport, against a TLS server whose self-signed certificates are
 * made here with the JDK's {@code keytool}: one for 127.0.0.1, one for another name.
 */
class SocketHttpTransportTlsTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  static Path dir;
  static KeyStore rightName;
  static KeyStore wrongName;
  static TinyHttpServer server;
  static TinyHttpServer impostor;

  @BeforeAll
  static void certificates() throws Exception {
    rightName = keyStore("right.p12", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
    wrongName = keyStore("wrong.p12", "CN=example.invalid", "SAN=dns:example.invalid");
    server = tlsServer(rightName);
    impostor = tlsServer(wrongName);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (impostor != null) {
      impostor.close();
    }
  }

  @Test
  void httpsWithAVerifiedCertificateAndAKeptAliveConnection() throws Exception {
    try (SocketHttpTransport transport = transportTrusting(rightName)) {
      for (int i = 0; i < 3; i++) {
        var response = transport.send(get(server.uri("/tls/" + i)));
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("/tls/" + i);
      }
      assertThat(server.received()).extracting(TinyHttpServer.Received::connection)
          .containsOnly(server.received().get(0).connection());
      assertThat(server.received().get(0).header("host"))
          .isEqualTo("127.0.0.1:" + server.port());
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedEvenWhenItsIssuerIsTrusted() throws Exception {
    try (SocketHttpTransport transport = transportTrusting(wrongName)) {
      assertThatThrownBy(() -> transport.send(get(impostor.uri("/"))))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("127.0.0.1");
    }
    assertThat(impostor.received()).isEmpty();
  }

  @Test
  void aSelfSignedCertificateIsRefusedByTheDefaultTrust() throws Exception {
    try (SocketHttpTransport transport = new SocketHttpTransport(Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> transport.send(get(server.uri("/"))))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static Request get(URI uri) {
    return new Request("GET", uri, Map.of(), null, Duration.ofSeconds(5));
  }

  private static SocketHttpTransport transportTrusting(KeyStore certificateOf) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", certificateOf.getCertificate("server"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    SSLSocketFactory factory = context.getSocketFactory();
    return new SocketHttpTransport(Duration.ofSeconds(5), factory, 4, Duration.ofSeconds(30));
  }

  private static TinyHttpServer tlsServer(KeyStore keys) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(
        KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new TinyHttpServer(socket, (request, out, s) -> {
      write(out, response(200, request.target()));
      return true;
    });
  }

  private static KeyStore keyStore(String file, String dname, String san) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Assumptions.assumeTrue(Files.isExecutable(keytool), "keytool is not available");
    Path store = dir.resolve(file);
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-ext", san,
        "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    return keys;
  }
}
