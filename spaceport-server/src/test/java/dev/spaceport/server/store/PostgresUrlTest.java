package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** libpq's socket-directory spelling, turned into the driver's socket-factory form. */
class PostgresUrlTest {

  private static final String SOCKET = "sslmode=disable&socketFactory="
      + PostgresUrl.SOCKET_FACTORY + "&socketFactoryArg=";

  @Test
  void aSocketDirectoryBecomesTheSocketOfTheUrlsPort() {
    PostgresUrl.Resolved resolved = PostgresUrl.resolve(
        "jdbc:postgresql://db.local:5433/spaceport?host=/var/run/postgresql&connectTimeout=5");
    assertThat(resolved.driverUrl()).isEqualTo("jdbc:postgresql://localhost:5433/spaceport?"
        + "connectTimeout=5&" + SOCKET + "%2Fvar%2Frun%2Fpostgresql%2F.s.PGSQL.5433");
    assertThat(resolved.socket()).isEqualTo(Path.of("/var/run/postgresql/.s.PGSQL.5433"));
  }

  @Test
  void hostAndPortAreReadAsTheDriverReadsThem() {
    // A port parameter, in any case, overrides the URL's own; without one, 5432.
    assertThat(PostgresUrl.resolve("jdbc:postgresql:///spaceport?host=/tmp&port=5433").socket())
        .isEqualTo(Path.of("/tmp/.s.PGSQL.5433"));
    assertThat(PostgresUrl.resolve("jdbc:postgresql://h:1/s?HOST=%2Ftmp%2F&PORT=7").driverUrl())
        .isEqualTo("jdbc:postgresql://localhost:7/s?" + SOCKET + "%2Ftmp%2F.s.PGSQL.7");
    assertThat(PostgresUrl.resolve("jdbc:postgresql:spaceport?host=/tmp").socket())
        .isEqualTo(Path.of("/tmp/.s.PGSQL.5432"));
    assertThat(PostgresUrl.resolve("jdbc:postgresql://[::1]:5433/s?PGHOST=/tmp").socket())
        .isEqualTo(Path.of("/tmp/.s.PGSQL.5433"));
  }

  @Test
  void tlsSettingsGiveWayOnASocketWherePostgresqlOffersNone() {
    assertThat(PostgresUrl.resolve("jdbc:postgresql://h/s?sslmode=verify-full&ssl=true&host=/tmp")
        .driverUrl()).isEqualTo("jdbc:postgresql://localhost:5432/s?" + SOCKET
        + "%2Ftmp%2F.s.PGSQL.5432");
  }

  @Test
  void aUrlWithoutASocketDirectoryIsLeftAsItIs() {
    for (String url : new String[] {"jdbc:postgresql://db.internal/spaceport",
        "jdbc:postgresql://db.internal:5433/spaceport?sslmode=verify-full",
        "jdbc:postgresql://localhost/spaceport?host=db.internal",
        // the driver takes the last host given, so this one is TCP to db.internal
        "jdbc:postgresql://localhost/spaceport?host=/tmp&host=db.internal",
        // not a URL the driver reads: it refuses it itself, in its own words
        "jdbc:postgresql://user:secret@localhost/spaceport?host=/tmp"}) {
      assertThat(PostgresUrl.resolve(url)).isEqualTo(new PostgresUrl.Resolved(url, null));
    }
  }

  @Test
  void aSocketDirectoryCannotGoWithASocketFactoryOrSeveralHosts() {
    assertThatThrownBy(() -> PostgresUrl.resolve(
        "jdbc:postgresql://localhost/s?socketFactory=x.Y&host=/tmp"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socketFactory");
    assertThatThrownBy(() -> PostgresUrl.resolve("jdbc:postgresql://a,b/s?host=/tmp,/var/tmp"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one host");
  }
}
