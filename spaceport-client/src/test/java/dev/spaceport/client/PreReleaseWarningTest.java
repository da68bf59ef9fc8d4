package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.client.internal.PreReleaseReset;
import dev.spaceport.client.internal.SdkVersion;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The first call of each pre-release operation in a JVM logs one WARN through SLF4J naming its key
 * and stage; later calls log nothing. Other test classes share this JVM, so each test starts by
 * forgetting earlier warnings (test-only {@link PreReleaseReset}).
 */
class PreReleaseWarningTest {

  static TestServer server;
  static SpaceportClient admin;

  final Logger logger = (Logger) LoggerFactory.getLogger("dev.spaceport.client.prerelease");
  final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = Clients.admin(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void capture() {
    PreReleaseReset.reset();
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    appender.stop();
  }

  @Test
  void eachOperationWarnsOnceOnItsFirstCall() {
    String org = admin.organizations().create(unique("org"), null).id();
    String user = admin.users().create("U", unique("u") + "@example.com", PredefinedRole.MEMBER)
        .id();
    admin.organizations().addUser(org, user, PredefinedRole.MEMBER);
    assertThat(appender.list).as("non-space operations are not pre-release here").isEmpty();

    for (int round = 0; round < 2; round++) {
      String name = unique("warned");
      admin.spaces().list();
      admin.spaces().listAll(SpaceListParams.builder().organizationId(org).build()).stream()
          .count();
      admin.spaces().create(name, org);
      admin.spaces().get(name);
      admin.spaces().update(name, SpaceUpdateParams.description("d"));
      admin.spaces().addUser(name, user, SpaceRole.READ_ONLY);
      admin.spaces().listMembers(name, ListParams.FIRST_PAGE);
      admin.spaces().removeUser(name, user);
      admin.spaces().delete(name);

      if (round == 0) {
        assertThat(warnings()).containsExactly(
            Map.entry("spaces.list", "BETA"),
            Map.entry("spaces.create", "BETA"),
            Map.entry("spaces.get", "BETA"),
            Map.entry("spaces.update", "BETA"),
            Map.entry("spaces.add_user", "ALPHA"),
            Map.entry("spaces.remove_user", "ALPHA"),
            Map.entry("spaces.delete", "BETA"));
      }
    }
    assertThat(appender.list).as("the second round logged nothing more").hasSize(7);
    assertThat(appender.list).allSatisfy(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getLoggerName()).isEqualTo("dev.spaceport.client.prerelease");
    });
    String version = SdkVersion.get();
    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).contains(
        "[BETA] spaces.list is a beta API in Spaceport Java SDK v" + version
            + " and may change without notice.",
        "[ALPHA] spaces.add_user is an alpha API in Spaceport Java SDK v" + version
            + " and may change without notice.");
  }

  @Test
  void theWarningComesEvenWhenTheFirstCallFailsAndOnlyOnceUnderConcurrency() throws Exception {
    RetryTest.catchThrowing(NotFoundException.class,
        () -> admin.spaces().get("U3BhY2U6OTk5OTk5OmFiY2Q="));
    RetryTest.catchThrowing(NotFoundException.class,
        () -> admin.spaces().get("U3BhY2U6OTk5OTk5OmFiY2Q="));
    assertThat(warnings()).containsExactly(Map.entry("spaces.get", "BETA"));

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> {
          go.await();
          return admin.spaces().list();
        }));
      }
      go.countDown();
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(warnings()).containsExactly(Map.entry("spaces.get", "BETA"),
        Map.entry("spaces.list", "BETA"));
  }

  /** Key → stage of every warning so far, in order. */
  private List<Map.Entry<String, String>> warnings() {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (ILoggingEvent event : appender.list) {
      String message = event.getFormattedMessage();
      String stage = message.substring(1, message.indexOf(']'));
      String key = message.substring(message.indexOf(']') + 2, message.indexOf(" is "));
      out.add(Map.entry(key, stage));
    }
    return out;
  }
}
