package dev.spaceport.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public type and member of the SDK has Javadoc — the client outside {@code internal}, and
 * the wire types of spaceport-api it returns — except the 121 {@code Permission} constants, whose
 * names are Arize's identifiers and say what they are. The JDK's javadoc runs over the sources with
 * doclint's "missing" check, and no "no comment" warning may remain. The build has no Javadoc
 * plugin, so without this test a new public method could ship undocumented unnoticed. Tags
 * ({@code @param}, {@code @return}) stay optional: the project writes Javadoc as sentences.
 */
class PublicApiJavadocTest {

  @Test
  void everyPublicTypeAndMemberOutsideInternalHasAComment() throws IOException {
    DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path out = Files.createTempDirectory("sdk-javadoc");
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    String sources = Path.of("src", "main", "java") + File.pathSeparator
        + Path.of("..", "spaceport-api", "src", "main", "java");
    try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      Boolean ok = javadoc.getTask(null, files, diagnostics, null, List.of(
          "-quiet", "-Xdoclint:missing", "-Xmaxwarns", "100000", "-d", out.toString(),
          "-classpath", classpath, "-sourcepath", sources,
          "-subpackages", "dev.spaceport.client:dev.spaceport.api",
          "-exclude", "dev.spaceport.client.internal"), null).call();
      assertThat(ok).as("javadoc ran: %s", diagnostics.getDiagnostics()).isTrue();
    }

    List<String> undocumented = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.WARNING)
        .filter(d -> d.getMessage(Locale.ROOT).contains("no comment"))
        .filter(d -> !d.getSource().getName().endsWith("Permission.java"))
        .map(d -> d.getSource().getName().replaceAll(".*/dev/spaceport/", "") + ":"
            + d.getLineNumber())
        .toList();
    assertThat(undocumented).as("public API without Javadoc").isEmpty();
  }
}
