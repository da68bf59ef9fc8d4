package dev.spaceport.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * "Who may do what" is answered in one place, {@link Access}, and every service asks it: a rule
 * written a second time elsewhere (a caller's account role tested in a store, a visibility
 * subquery pasted into a list) drifts from the first the day one of them changes. So the server's
 * own sources are read here: outside the {@code access} package nothing looks at the caller's
 * account role or at who administers an organization, and every service that acts for a caller
 * holds the {@code Access}.
 */
class AccessRulesLiveInAccessTest {

  private static final Path SOURCES = Path.of("src", "main", "java", "dev", "spaceport", "server");

  /** Ways of deciding access without asking Access. */
  private static final List<Pattern> RULES = List.of(
      Pattern.compile("\\.isAccountAdmin\\(\\)"),
      Pattern.compile("\\.isAnnotator\\(\\)"),
      // A query that picks memberships by role ("role = 'admin'"), as a grant check does.
      Pattern.compile("(organization|space)_memberships[^;]*\\brole\\s*(=\\s*'|IN\\s*\\()"));

  @Test
  void noAccessRuleIsDecidedOutsideTheAccessPackage() throws IOException {
    List<String> offences = new ArrayList<>();
    for (Path file : sources()) {
      if (file.startsWith(SOURCES.resolve("access"))) {
        continue;
      }
      String text = Files.readString(file).replaceAll("\\s+", " ");
      for (Pattern rule : RULES) {
        if (rule.matcher(text).find()) {
          offences.add(SOURCES.relativize(file) + " decides access itself (" + rule + ")");
        }
      }
    }
    assertThat(offences).isEmpty();
  }

  @Test
  void everyServiceActingForACallerHoldsTheAccess() throws IOException {
    List<String> services = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (Path file : sources()) {
      String name = file.getFileName().toString();
      String text = Files.readString(file);
      if (name.endsWith("Service.java")
          && (text.contains("Caller caller") || text.contains("Actor actor"))) {
        services.add(name);
        if (!text.contains("private final Access access;")) {
          without.add(name);
        }
      }
    }
    assertThat(services).as("services found").contains("SpaceService.java",
        "OrganizationService.java", "UserService.java", "RoleService.java",
        "RoleBindingService.java", "ApiKeyService.java");
    assertThat(without).as("services that do not hold the Access").isEmpty();
  }

  private static List<Path> sources() throws IOException {
    assertThat(SOURCES).as("run from the spaceport-server module").isDirectory();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
