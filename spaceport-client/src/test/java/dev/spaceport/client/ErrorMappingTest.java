package dev.spaceport.client;

import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.Role;
import dev.spaceport.client.errors.ApiException;
import dev.spaceport.client.errors.BadRequestException;
import dev.spaceport.client.errors.ConflictException;
import dev.spaceport.client.errors.ForbiddenException;
import dev.spaceport.client.errors.NotFoundException;
import dev.spaceport.client.errors.SpaceportException;
import dev.spaceport.client.errors.UnauthorizedException;
import dev.spaceport.client.errors.UnprocessableException;
import dev.spaceport.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error status the real server produces becomes its own exception type carrying the status,
 * the problem's title and detail, the response headers and the request ID. (429, 5xx and
 * connection failures, which the real server does not produce on demand, are in
 * {@link RetryTest}, against the fault-injecting stub.)
 */
class ErrorMappingTest {

  static TestServer server;
  static SpaceportClient admin;
  static String org;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = Clients.admin(server);
    org = admin.organizations().create(unique("org"), null).id();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void badRequest() {
    BadRequestException e = RetryTest.catchThrowing(BadRequestException.class,
        () -> admin.spaces().list(SpaceListParams.builder().limit(0).build()));
    assertProblem(e, 400, "Bad Request", "'limit'");
    assertThat(e.type()).contains("https://spaceport.dev/problems/bad-request");
  }

  @Test
  void unauthorized() {
    SpaceportClient stranger = Clients.as(server, "not-a-real-key-000000");
    UnauthorizedException e = RetryTest.catchThrowing(UnauthorizedException.class,
        () -> stranger.spaces().list());
    assertProblem(e, 401, "Unauthorized", "A valid API key is required.");
  }

  @Test
  void forbidden() {
    Role predefined = admin.roles().list(true, ListParams.FIRST_PAGE).items().get(0);
    ForbiddenException e = RetryTest.catchThrowing(ForbiddenException.class,
        () -> admin.roles().delete(predefined.id()));
    assertProblem(e, 403, "Forbidden", "");
  }

  @Test
  void notFound() {
    NotFoundException e = RetryTest.catchThrowing(NotFoundException.class,
        () -> admin.spaces().get("U3BhY2U6OTk5OTk5OmFiY2Q=")); // Space:999999:abcd
    assertProblem(e, 404, "Not Found", "not found");
  }

  @Test
  void conflict() {
    String name = unique("twice");
    admin.spaces().create(name, org);
    ConflictException e = RetryTest.catchThrowing(ConflictException.class,
        () -> admin.spaces().create(name, org));
    assertProblem(e, 409, "Conflict", name);
  }

  @Test
  void unprocessable() {
    String user = admin.users().create("Anna", unique("anna") + "@example.com",
        PredefinedRole.ANNOTATOR).id();
    admin.organizations().addUser(org, user, PredefinedRole.ANNOTATOR);
    String space = admin.spaces().create(unique("annotated"), org).id();
    UnprocessableException e = RetryTest.catchThrowing(UnprocessableException.class,
        () -> admin.spaces().addUser(space, user, SpaceRole.MEMBER));
    assertProblem(e, 422, "Unprocessable Content", "annotator");
  }

  @Test
  void everyApiExceptionIsASpaceportExceptionSoOneCatchHandlesAll() {
    SpaceportClient stranger = Clients.as(server, "not-a-real-key-000000");
    try {
      stranger.organizations().list();
    } catch (SpaceportException e) {
      assertThat(e).isInstanceOf(ApiException.class);
      return;
    }
    throw new AssertionError("expected a failure");
  }

  private static void assertProblem(ApiException e, int status, String title,
      String detailFragment) {
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.problem()).isPresent();
    assertThat(e.problem().orElseThrow().status()).isEqualTo(status);
    assertThat(e.title()).contains(title);
    assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains(detailFragment));
    assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
    assertThat(e.header("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(e.headers()).containsKey("x-request-id"); // names are lower case
    assertThat(e.getMessage()).startsWith("HTTP " + status + " " + title);
  }
}
