package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** libpq's socket-directory spelling, turned into the driver's socket-factory form. */
class PostgresUrlTest {

  private static final String FACTORY = "socketFactory=" + PostgresUrl.SOCKET_FACTORY;

  @Test
  void aSocketDirectoryBecomesTheSocketOfTheUrlsPort() {
    assertThat(PostgresUrl.forDriver(
        "jdbc:postgresql://db.local:5433/spaceport?host=/var/run/postgresql&ssl=false"))
        .isEqualTo("jdbc:postgresql://localhost:5433/spaceport?ssl=false&" + FACTORY
            + "&socketFactoryArg=%2Fvar%2Frun%2Fpostgresql%2F.s.PGSQL.5433");
  }

  @Test
  void withoutAPortTheSocketIsPostgresqlsDefault() {
    assertThat(PostgresUrl.forDriver("jdbc:postgresql://localhost/spaceport?host=%2Ftmp%2F"))
        .isEqualTo("jdbc:postgresql://localhost:5432/spaceport?" + FACTORY
            + "&socketFactoryArg=%2Ftmp%2F.s.PGSQL.5432");
    assertThat(PostgresUrl.forDriver("jdbc:postgresql:spaceport?host=/tmp"))
        .isEqualTo("jdbc:postgresql://localhost:5432/spaceport?" + FACTORY
            + "&socketFactoryArg=%2Ftmp%2F.s.PGSQL.5432");
  }

  @Test
  void aUrlWithoutASocketDirectoryIsLeftAsItIs() {
    for (String url : new String[] {"jdbc:postgresql://db.internal/spaceport",
        "jdbc:postgresql://db.internal:5433/spaceport?ssl=true",
        "jdbc:postgresql://localhost/spaceport?host=db.internal"}) {
      assertThat(PostgresUrl.forDriver(url)).isEqualTo(url);
    }
  }

  @Test
  void aSocketDirectoryCannotGoWithASocketFactoryOrSeveralHosts() {
    assertThatThrownBy(() -> PostgresUrl.forDriver(
        "jdbc:postgresql://localhost/s?socketFactory=x.Y&host=/tmp"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socketFactory");
    assertThatThrownBy(() -> PostgresUrl.forDriver(
        "jdbc:postgresql://a:5432,b:5432/s?host=/tmp"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one host");
    assertThatThrownBy(() -> PostgresUrl.forDriver("jdbc:postgresql://a:x/s?host=/tmp"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }
}
