package io.greenplum.mirrors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD committed in crds/ is the one generated from the API classes (printer columns in the
 * order kubectl should show them), it describes and constrains every spec field, and the sample
 * MirrorSets in deploy/ validate against it while the invalid ones do not. Regenerate with {@code
 * mvn -pl operator test -Dtest=CrdTest -Dcrd.update=true}.
 */
class CrdTest {
  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/mirrorsets.greenplum.io-v1.yml");
  static final Path COMMITTED = Path.of("../crds/mirrorsets.greenplum.io-v1.yml");

  /** Helm installs CRDs only from the chart's own crds/ folder: a copy, checked in e2e. */
  static final Path CHART_COPY =
      Path.of("../deploy/helm/gpmirrors-operator/crds/mirrorsets.greenplum.io-v1.yml");

  static final List<String> COLUMNS =
      List.of("DESIRED", "READY", "SYNCED", "PROGRESS", "PHASE", "AGE");
  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());

  /** The generated CRD with its printer columns in the contract's order (API.md). */
  static JsonNode expected() throws IOException {
    JsonNode crd = YAML.readTree(GENERATED.toFile());
    ObjectNode version = (ObjectNode) crd.path("spec").path("versions").get(0);
    ArrayNode ordered = YAML.createArrayNode();
    for (String name : COLUMNS) {
      for (JsonNode column : version.path("additionalPrinterColumns")) {
        if (name.equals(column.path("name").asText())) {
          ordered.add(column);
        }
      }
    }
    version.set("additionalPrinterColumns", ordered);
    return crd;
  }

  static JsonNode schema() throws IOException {
    return YAML.readTree(COMMITTED.toFile())
        .path("spec")
        .path("versions")
        .get(0)
        .path("schema")
        .path("openAPIV3Schema");
  }

  @Test
  void theCommittedCrdIsTheGeneratedOne() throws IOException {
    if (Boolean.getBoolean("crd.update")) {
      Files.writeString(
          COMMITTED,
          "# Generated from operator/src/main/java/io/greenplum/mirrors/api"
              + " (mvn -pl operator test -Dtest=CrdTest -Dcrd.update=true); do not edit\n"
              + YAML.writeValueAsString(expected()));
      Files.copy(COMMITTED, CHART_COPY, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(YAML.readTree(COMMITTED.toFile()))
        .as("crds/ is stale: regenerate it (see CrdTest)")
        .isEqualTo(expected());
  }

  @Test
  void hasTheSixPrinterColumnsInOrder() throws IOException {
    List<String> names = new ArrayList<>();
    YAML.readTree(COMMITTED.toFile())
        .path("spec")
        .path("versions")
        .get(0)
        .path("additionalPrinterColumns")
        .forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).isEqualTo(COLUMNS);
  }

  @Test
  void describesEverySpecField() throws IOException {
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(schema().path("properties").path("spec"), "spec", undescribed);
    assertThat(undescribed).isEmpty();
    String crd = Files.readString(COMMITTED);
    assertThat(crd)
        .contains("x-kubernetes-validations")
        .contains("placement.mirrors is required with strategy Explicit");
  }

  /** Template fields of Kubernetes' own types: their sub-fields are described by Kubernetes. */
  private static final List<String> KUBERNETES_TYPES =
      List.of("resources", "tolerations", "imagePullSecrets", "env");

  private static void collectUndescribed(JsonNode schema, String path, List<String> out) {
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            f -> {
              String sub = path + "." + f.getKey();
              boolean fromKubernetes =
                  KUBERNETES_TYPES.stream().anyMatch(t -> path.startsWith("spec.template." + t));
              if (!fromKubernetes && !f.getValue().has("description")) {
                out.add(sub);
              }
              if (!fromKubernetes) {
                collectUndescribed(
                    f.getValue().has("items") ? f.getValue().get("items") : f.getValue(), sub, out);
              }
            });
  }

  static Stream<Path> samples() throws IOException {
    return Files.list(Path.of("../deploy/samples"))
        .filter(p -> p.toString().endsWith(".yaml"))
        .sorted();
  }

  static Stream<Path> invalidSamples() throws IOException {
    return Files.list(Path.of("src/test/resources/invalid-mirrorsets")).sorted();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleValidatesAgainstTheCrd(Path sample) throws Exception {
    for (JsonNode doc : documents(sample)) {
      if ("MirrorSet".equals(doc.path("kind").asText())) {
        assertThat(CrdSchema.violations(schema(), doc)).as(sample.toString()).isEmpty();
        assertThat(MirrorSetYaml.read(YAML.writeValueAsString(doc)).getSpec()).isNotNull();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("invalidSamples")
  void invalidSamplesDoNot(Path sample) throws Exception {
    String expected = Files.readAllLines(sample).get(0).replaceFirst("^# expect: ", "");
    JsonNode doc = YAML.readTree(sample.toFile());
    assertThat(CrdSchema.violations(schema(), doc)).as(sample.toString()).contains(expected);
  }

  /**
   * The CLI and the operator give the same verdict as the CRD: each manifest the schema refuses is
   * refused when read or by the planner's checks (on a small Greenplum 7 cluster).
   */
  @ParameterizedTest
  @MethodSource("invalidSamples")
  void invalidSamplesAreRefusedByTheCliAndTheOperatorToo(Path sample) throws Exception {
    String text = Files.readString(sample);
    java.util.List<String> refusals = new java.util.ArrayList<>();
    try {
      MirrorSet ms = MirrorSetYaml.read(text);
      io.greenplum.mirrors.plan.MirrorPlanner.plan(
              io.greenplum.mirrors.TestClusters.gp7(2, 2), ms.getSpec())
          .errors()
          .forEach(p -> refusals.add(p.reason() + ": " + p.message()));
    } catch (ManifestException e) {
      refusals.add(e.getMessage());
    }
    assertThat(refusals)
        .as(sample.getFileName() + " is refused outside the API server too")
        .isNotEmpty();
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }
}
