package io.greenplum.mirrors.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The part of {@code kubectl kustomize} that deploy/ uses, for tests on a machine without kubectl:
 * resources (files and kustomization folders), JSON 6902 patches (add, replace, remove) by kind and
 * name, {@code namespace} (on namespaced objects and ServiceAccount subjects) and {@code labels}
 * (with includeTemplates). Anything else in a kustomization.yaml is an error, so a feature added to
 * deploy/ cannot go unchecked.
 */
final class Kustomization {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KNOWN =
      Set.of("apiVersion", "kind", "namespace", "labels", "resources", "patches");
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "Node",
          "PersistentVolume");

  private Kustomization() {}

  /** Every document of a YAML file, empty documents skipped. */
  static List<ObjectNode> readAll(Path file) throws IOException {
    List<ObjectNode> docs = new ArrayList<>();
    try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(file.toFile())) {
      Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          if (!doc.isObject()) {
            throw new IOException(file + ": a document is not a mapping");
          }
          docs.add((ObjectNode) doc);
        }
      }
    }
    return docs;
  }

  static boolean clusterScoped(JsonNode object) {
    return CLUSTER_SCOPED.contains(object.path("kind").asText());
  }

  /** The objects that {@code kubectl kustomize dir} prints. */
  static List<ObjectNode> build(Path dir) throws IOException {
    Path file =
        Files.isRegularFile(dir.resolve("kustomization.yaml"))
            ? dir.resolve("kustomization.yaml")
            : dir.resolve("Kustomization");
    if (!Files.isRegularFile(file)) {
      throw new IOException(dir + " has no kustomization.yaml or Kustomization");
    }
    JsonNode k = YAML.readTree(file.toFile());
    k.fieldNames()
        .forEachRemaining(
            f -> {
              if (!KNOWN.contains(f)) {
                throw new IllegalArgumentException(file + ": unsupported field " + f);
              }
            });
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode resource : k.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      objects.addAll(Files.isDirectory(path) ? build(path) : readAll(path));
    }
    for (JsonNode patch : k.path("patches")) {
      patch(objects, patch, file);
    }
    if (k.hasNonNull("namespace")) {
      setNamespace(objects, k.get("namespace").asText());
    }
    for (JsonNode labels : k.path("labels")) {
      for (ObjectNode object : objects) {
        addLabels(object.with("metadata").with("labels"), labels.path("pairs"));
        JsonNode template = object.path("spec").path("template");
        if (labels.path("includeTemplates").asBoolean() && template.isObject()) {
          addLabels(((ObjectNode) template).with("metadata").with("labels"), labels.path("pairs"));
        }
      }
    }
    return objects;
  }

  private static void addLabels(ObjectNode labels, JsonNode pairs) {
    pairs.fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
  }

  private static void setNamespace(List<ObjectNode> objects, String namespace) {
    for (ObjectNode object : objects) {
      if (!clusterScoped(object)) {
        object.with("metadata").put("namespace", namespace);
      }
      for (JsonNode subject : object.path("subjects")) {
        if ("ServiceAccount".equals(subject.path("kind").asText())) {
          ((ObjectNode) subject).put("namespace", namespace);
        }
      }
    }
  }

  private static void patch(List<ObjectNode> objects, JsonNode patch, Path file)
      throws IOException {
    JsonNode target = patch.path("target");
    JsonNode ops = YAML.readTree(patch.path("patch").asText());
    int matched = 0;
    for (ObjectNode object : objects) {
      if (object.path("kind").asText().equals(target.path("kind").asText())
          && object.path("metadata").path("name").asText().equals(target.path("name").asText())) {
        for (JsonNode op : ops) {
          apply(object, op);
        }
        matched++;
      }
    }
    if (matched == 0) {
      throw new IOException(file + ": patch target " + target + " matches no object");
    }
  }

  private static void apply(ObjectNode object, JsonNode op) {
    String path = op.path("path").asText();
    int slash = path.lastIndexOf('/');
    JsonNode parent = object.at(path.substring(0, slash));
    String last = path.substring(slash + 1);
    if (parent.isMissingNode()) {
      throw new IllegalArgumentException("no " + path.substring(0, slash) + " to patch");
    }
    switch (op.path("op").asText()) {
      case "add", "replace" -> {
        if (parent instanceof ArrayNode array) {
          if ("-".equals(last)) {
            array.add(op.get("value"));
          } else if ("add".equals(op.path("op").asText())) {
            array.insert(Integer.parseInt(last), op.get("value"));
          } else {
            array.set(Integer.parseInt(last), op.get("value"));
          }
        } else {
          ((ObjectNode) parent).set(last, op.get("value"));
        }
      }
      case "remove" -> {
        if (parent instanceof ArrayNode array) {
          array.remove(Integer.parseInt(last));
        } else {
          ((ObjectNode) parent).remove(last);
        }
      }
      default -> throw new IllegalArgumentException("unsupported patch op " + op);
    }
  }
}
