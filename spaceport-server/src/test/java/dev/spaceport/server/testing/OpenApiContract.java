package dev.spaceport.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks responses against {@code openapi.yaml} (the file in spaceport-api): the operation must
 * document the status, and a JSON body must validate against that status's schema — no extra
 * keys, required keys present, right types.
 */
public final class OpenApiContract {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final OpenApiContract INSTANCE = new OpenApiContract();

  private final JsonNode document;
  private final List<Operation> operations = new ArrayList<>();
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private OpenApiContract() {
    try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.yaml")) {
      document = YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> method = methods.next();
        if (method.getValue().has("responses")) {
          operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(),
              templateRegex(path.getKey()), method.getValue()));
        }
      }
    }
  }

  public static OpenApiContract get() {
    return INSTANCE;
  }

  public JsonNode document() {
    return document;
  }

  /** Every documented operation as "METHOD /path/{template}". */
  public List<String> operationKeys() {
    return operations.stream().map(o -> o.method + " " + o.template).toList();
  }

  /**
   * Fails with a description of every mismatch, or returns normally. Requests to paths that the
   * document does not describe (deliberately unknown routes) are checked only for a Problem body.
   */
  public void check(String method, String rawPath, int status, String contentType, String body,
      JsonNode json) {
    Operation op = find(method, rawPath);
    if (op == null) {
      if (status < 400) {
        throw new AssertionError(method + " " + rawPath + " answered " + status
            + " but openapi.yaml does not document that route");
      }
      validate("#/components/schemas/Problem", json, method + " " + rawPath);
      return;
    }
    String code = String.valueOf(status);
    JsonNode response = op.node.path("responses").path(code);
    if (response.isMissingNode()) {
      response = op.node.path("responses").path("default");
    }
    if (response.isMissingNode()) {
      throw new AssertionError(op.method + " " + op.template + " answered " + status
          + ", which openapi.yaml does not document for it; body: " + body);
    }
    response = resolve(response);
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      if (body != null && !body.isEmpty()) {
        throw new AssertionError(op.method + " " + op.template + " " + status
            + " must have an empty body, got: " + body);
      }
      return;
    }
    String media = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode mediaNode = content.path(media);
    if (mediaNode.isMissingNode()) {
      throw new AssertionError(op.method + " " + op.template + " " + status + " answered "
          + media + ", documented: " + content.fieldNames().next());
    }
    if (json == null) {
      return; // non-JSON media (the YAML document itself)
    }
    String pointer = "#/paths/" + escape(op.template) + "/" + op.method.toLowerCase()
        + "/responses/" + code;
    JsonNode schema = mediaNode.path("schema");
    validateNode(pointer + ":" + media, schema, json, op.method + " " + op.template + " " + status);
  }

  /**
   * Checks a body against the Problem schema alone: for answers Jetty gives before any route runs
   * (431, 414, 408, …), which no operation documents but which must still be Problems.
   */
  public void checkProblem(JsonNode json, String where) {
    if (json == null) {
      throw new AssertionError(where + " answered no JSON problem body");
    }
    validate("#/components/schemas/Problem", json, where);
  }

  private void validate(String ref, JsonNode json, String where) {
    ObjectNode schema = YAML.createObjectNode().put("$ref", ref);
    validateNode(ref, schema, json, where);
  }

  private void validateNode(String cacheKey, JsonNode schemaNode, JsonNode json, String where) {
    JsonSchema schema = schemas.computeIfAbsent(cacheKey, k -> {
      ObjectNode root = YAML.createObjectNode();
      root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
      root.set("components", document.get("components"));
      root.putArray("allOf").add(schemaNode);
      return factory.getSchema(root);
    });
    Set<ValidationMessage> errors = schema.validate(json);
    if (!errors.isEmpty()) {
      throw new AssertionError(where + " does not match openapi.yaml: " + errors + "\nbody: " + json);
    }
  }

  private JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      node = document.at(ref.substring(1));
    }
    return node;
  }

  private Operation find(String method, String rawPath) {
    String path = rawPath.split("\\?", 2)[0];
    Operation best = null;
    for (Operation op : operations) {
      if (op.method.equals(method) && op.regex.matcher(path).matches()) {
        if (best == null || literalLength(op.template) > literalLength(best.template)) {
          best = op;
        }
      }
    }
    return best;
  }

  private static int literalLength(String template) {
    return template.replaceAll("\\{[^}]+}", "").length();
  }

  private static Pattern templateRegex(String template) {
    return Pattern.compile("^" + template.replaceAll("\\{[^}]+}", "[^/]+") + "$");
  }

  private static String escape(String template) {
    return template.replace("~", "~0").replace("/", "~1");
  }

  private record Operation(String method, String template, Pattern regex, JsonNode node) {}
}
