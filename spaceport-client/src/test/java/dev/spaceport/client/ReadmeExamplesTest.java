package dev.spaceport.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The SDK example in README.md is compiled and run against a real server, and every shorter Java
 * snippet in it is compiled with a client in scope, so the README can't drift from the SDK.
 */
class ReadmeExamplesTest {

  private static final Pattern EXAMPLE = Pattern.compile(
      "<!-- The block below is compiled and run[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern ANY_JAVA = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theReadmeQuickStartCompilesAndRuns() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = EXAMPLE.matcher(readme);
    assertThat(m.find()).as("README.md has the marked Java example").isTrue();

    Path dir = Files.createTempDirectory("readme-example");
    Path source = dir.resolve("QuickStart.java");
    Files.writeString(source, m.group(1));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    int result = compiler.run(null, null, null, "-classpath", classpath, "-d", dir.toString(),
        source.toString());
    assertThat(result).as("README example compiles").isZero();

    String output;
    try (TestServer server = TestServer.start();
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
            getClass().getClassLoader())) {
      Method run = loader.loadClass("QuickStart").getMethod("run", String.class, String.class);
      output = captureStdout(() -> run.invoke(null, server.baseUrl(), TestServer.ADMIN_KEY));
    }
    assertThat(output.lines().toList()).containsExactly(
        "read-only",
        "production",
        "a space named 'production' already exists in this organization (request "
            + requestIdIn(output) + ")",
        "gone");
  }

  @Test
  void everyOtherJavaSnippetCompilesWithAClientInScope() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher run = EXAMPLE.matcher(readme);
    assertThat(run.find()).isTrue();
    List<String> snippets = new ArrayList<>();
    for (Matcher m = ANY_JAVA.matcher(readme); m.find(); ) {
      if (!m.group(1).equals(run.group(1))) {
        snippets.add(m.group(1));
      }
    }
    assertThat(snippets).as("README.md has Java snippets besides the run example").isNotEmpty();

    Path dir = Files.createTempDirectory("readme-snippets");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    for (int i = 0; i < snippets.size(); i++) {
      Path source = dir.resolve("Snippet" + i + ".java");
      Files.writeString(source, "import dev.spaceport.api.*;\n"
          + "import dev.spaceport.client.*;\n"
          + "import dev.spaceport.client.errors.*;\n"
          + "class Snippet" + i + " {\n"
          + "  static void run(SpaceportClient client) throws Exception {\n"
          + snippets.get(i) + "\n  }\n}\n");
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      int result = compiler.run(null, null, errors, "-classpath", classpath, "-d",
          dir.toString(), source.toString());
      assertThat(result).as("README snippet %d compiles:%n%s%n%s", i, snippets.get(i),
          errors.toString(StandardCharsets.UTF_8)).isZero();
    }
  }

  private static String requestIdIn(String output) {
    Matcher m = Pattern.compile("\\(request ([^)]+)\\)").matcher(output);
    return m.find() ? m.group(1) : "<none>";
  }

  private interface Body {
    void run() throws Exception;
  }

  private static String captureStdout(Body body) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
