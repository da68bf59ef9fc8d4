package dev.spaceport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.client.errors.ConfigurationException;
import dev.spaceport.server.testing.TestServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code fromEnvironment} reads ARIZE_API_KEY / ARIZE_API_HOST / ARIZE_API_SCHEME as Arize's SDK does. */
class ConfigurationTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static SpaceportClient fromEnv(Map<String, String> env) {
    return SpaceportClient.builder().fromEnvironment(env).build();
  }

  @Test
  void valuesAreTrimmedTheHostCarriesAPortAndTrailingSlashesAreStripped() {
    SpaceportClient client = fromEnv(Map.of(
        "ARIZE_API_KEY", "  " + TestServer.ADMIN_KEY + "\n",
        "ARIZE_API_HOST", " 127.0.0.1:" + server.port() + "// ",
        "ARIZE_API_SCHEME", " HTTP "));

    assertThat(client.baseUri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
    // the trimmed key authenticates, and paths are joined without a double slash
    assertThat(client.spaces().list().items()).isEmpty();
  }

  @Test
  void defaultsAreArizesHostOverHttps() {
    SpaceportClient client = fromEnv(Map.of("ARIZE_API_KEY", "k"));
    assertThat(client.baseUri()).isEqualTo(URI.create("https://api.arize.com"));
  }

  @Test
  void hostWithPortAndHttpsScheme() {
    SpaceportClient client = fromEnv(Map.of("ARIZE_API_KEY", "k",
        "ARIZE_API_HOST", "spaceport.internal:8443/", "ARIZE_API_SCHEME", "https"));
    assertThat(client.baseUri()).isEqualTo(URI.create("https://spaceport.internal:8443"));
  }

  @Test
  void aHostMayCarryAPathPrefixAsInArizesSdk() {
    SpaceportClient client = fromEnv(Map.of("ARIZE_API_KEY", "k",
        "ARIZE_API_HOST", "gateway.internal/arize/", "ARIZE_API_SCHEME", "http"));
    assertThat(client.baseUri()).isEqualTo(URI.create("http://gateway.internal/arize"));
  }

  @Test
  void aMissingOrBlankKeyIsAConfigurationException() {
    assertThatThrownBy(() -> fromEnv(Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("ARIZE_API_KEY");
    assertThatThrownBy(() -> fromEnv(Map.of("ARIZE_API_KEY", " \t ")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("ARIZE_API_KEY");
    assertThatThrownBy(() -> SpaceportClient.builder().baseUri("http://localhost:1").build())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void theSchemeMustBeHttpOrHttps() {
    assertThatThrownBy(() -> fromEnv(Map.of("ARIZE_API_KEY", "k", "ARIZE_API_SCHEME", "ftp")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("ARIZE_API_SCHEME must be one of ['http', 'https']. Found 'ftp'");
    assertThatThrownBy(() -> fromEnv(Map.of("ARIZE_API_KEY", "k", "ARIZE_API_SCHEME", "")))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void aHostThatIsNotOneIsAConfigurationException() {
    for (String host : new String[] {"", "  ", "not a host", "host:port",
        "https://api.arize.com"}) {
      assertThatThrownBy(() -> fromEnv(Map.of("ARIZE_API_KEY", "k", "ARIZE_API_HOST", host)))
          .as("host '%s'", host)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("ARIZE_API_HOST");
    }
  }

  @Test
  void aBuilderWithoutAServerIsAConfigurationException() {
    assertThatThrownBy(() -> SpaceportClient.builder().apiKey("k").build())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void baseUriDropsATrailingSlash() {
    SpaceportClient client = SpaceportClient.builder().apiKey(TestServer.ADMIN_KEY)
        .baseUri(server.baseUrl() + "/").build();
    assertThat(client.baseUri()).isEqualTo(URI.create(server.baseUrl()));
    assertThat(client.organizations().list().items()).isEmpty();
  }
}
