package io.greenplum.mirrors.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/ parses, and the base and each overlay assemble into an install a platform team accepts.
 */
class DeployManifestsTest {
  static final String NAMESPACE = "gpmirrors-system";
  static final Map<String, String> LABELS =
      Map.of(
          "app.kubernetes.io/name", "gpmirrors-operator",
          "app.kubernetes.io/part-of", "greenplum-mirror-operator");

  @Test
  void everyManifestParses() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path top : List.of(Repository.deploy(), Repository.root().resolve("crds"))) {
      try (Stream<Path> walk = Files.walk(top)) {
        walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .filter(p -> !p.toString().contains("/templates/"))
            .forEach(files::add);
      }
    }
    assertThat(files).hasSizeGreaterThan(15);
    for (Path file : files) {
      List<ObjectNode> docs = Kustomization.readAll(file);
      assertThat(docs).as(file.toString()).isNotEmpty();
      boolean chartFile = file.getParent().getFileName().toString().equals("gpmirrors-operator");
      for (ObjectNode doc : docs) {
        if (!chartFile) {
          assertThat(doc.path("apiVersion").asText()).as(file + " apiVersion").isNotEmpty();
          assertThat(doc.path("kind").asText()).as(file + " kind").isNotEmpty();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"namespaced", "all-namespaces"})
  void overlayObjectsCarryLabelsAndNamespace(String overlay) throws IOException {
    List<ObjectNode> objects = overlay(overlay);
    Set<String> ids = new HashSet<>();
    for (ObjectNode o : objects) {
      String id = id(o);
      assertThat(ids.add(id)).as("unique " + id).isTrue();
      assertThat(labels(o.path("metadata"))).as(id + " labels").containsAllEntriesOf(LABELS);
      if (Kustomization.clusterScoped(o)) {
        assertThat(o.path("metadata").has("namespace")).as(id + " is cluster-wide").isFalse();
      } else if (overlay.equals("namespaced")
          && o.path("metadata").path("name").asText().equals("gpmirrors-operator")
          && o.path("kind").asText().matches("Role|RoleBinding")) {
        // the MirrorSet rights, in the Greenplum namespace the namespaced install watches
        assertThat(o.path("metadata").path("namespace").asText()).as(id).isEqualTo("greenplum");
      } else {
        assertThat(o.path("metadata").path("namespace").asText()).as(id).isEqualTo(NAMESPACE);
      }
    }
    assertThat(kinds(objects))
        .contains(
            "CustomResourceDefinition",
            "Namespace",
            "ServiceAccount",
            "Deployment",
            "Service",
            "Role",
            "RoleBinding",
            "ClusterRole",
            "ClusterRoleBinding");
    JsonNode crd = find(objects, "CustomResourceDefinition", "mirrorsets.greenplum.io");
    assertThat(crd.path("spec").path("group").asText()).isEqualTo("greenplum.io");
  }

  @ParameterizedTest
  @ValueSource(strings = {"namespaced", "all-namespaces"})
  void deploymentIsRestrictedProbedAndElectsALeader(String overlay) throws IOException {
    List<ObjectNode> objects = overlay(overlay);
    JsonNode deployment = find(objects, "Deployment", "gpmirrors-operator");
    JsonNode spec = deployment.path("spec");
    assertThat(spec.path("replicas").asInt()).isEqualTo(2);
    JsonNode pod = spec.path("template").path("spec");
    assertThat(labels(spec.path("template").path("metadata")))
        .containsAllEntriesOf(LABELS)
        .containsAllEntriesOf(fields(spec.path("selector").path("matchLabels")));
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
    assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText())
        .isEqualTo("RuntimeDefault");
    String account = pod.path("serviceAccountName").asText();
    find(objects, "ServiceAccount", account);

    assertThat(pod.path("containers")).hasSize(1);
    JsonNode container = pod.path("containers").get(0);
    JsonNode security = container.path("securityContext");
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.path(probe).path("httpGet").path("port").asText())
          .as(probe)
          .isEqualTo("http");
    }
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/healthz");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/readyz");
    for (String kind : List.of("requests", "limits")) {
      assertThat(container.path("resources").path(kind).has("memory")).as(kind).isTrue();
      assertThat(container.path("resources").path(kind).has("cpu")).as(kind).isTrue();
    }
    assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
    assertThat(container.path("env").toString())
        .as("the Lease namespace comes from the pod's own namespace")
        .contains("\"POD_NAMESPACE\"")
        .contains("metadata.namespace");

    JsonNode service = find(objects, "Service", "gpmirrors-operator-metrics");
    assertThat(labels(spec.path("template").path("metadata")))
        .containsAllEntriesOf(fields(service.path("spec").path("selector")));
    assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText())
        .isEqualTo("http");

    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    if (overlay.equals("namespaced")) {
      assertThat(args).containsExactly("run", "--http-port=8080", "--namespace=greenplum");
    } else {
      assertThat(args).containsExactly("run", "--http-port=8080");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"namespaced", "all-namespaces"})
  void everyBindingNamesARoleAndTheOperatorsServiceAccount(String overlay) throws IOException {
    List<ObjectNode> objects = overlay(overlay);
    List<JsonNode> bindings =
        objects.stream()
            .filter(o -> o.path("kind").asText().endsWith("RoleBinding"))
            .map(JsonNode.class::cast)
            .toList();
    assertThat(bindings).hasSize(3);
    for (JsonNode binding : bindings) {
      JsonNode role = binding.path("roleRef");
      find(objects, role.path("kind").asText(), role.path("name").asText());
      assertThat(binding.path("subjects")).hasSize(1);
      JsonNode subject = binding.path("subjects").get(0);
      assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
      assertThat(subject.path("namespace").asText()).isEqualTo(NAMESPACE);
      find(objects, "ServiceAccount", subject.path("name").asText());
    }
    String kind = overlay.equals("namespaced") ? "Role" : "ClusterRole";
    assertThat(find(objects, kind, "gpmirrors-operator").path("rules"))
        .as("both overlays grant the same rules")
        .isEqualTo(
            find(
                    overlay(overlay.equals("namespaced") ? "all-namespaces" : "namespaced"),
                    overlay.equals("namespaced") ? "ClusterRole" : "Role",
                    "gpmirrors-operator")
                .path("rules"));
  }

  @Test
  void gitOpsExamplesPointAtAnOverlay() throws IOException {
    JsonNode argo =
        Kustomization.readAll(Repository.deploy().resolve("gitops/argocd-application.yaml")).get(0);
    JsonNode flux =
        Kustomization.readAll(Repository.deploy().resolve("gitops/flux-kustomization.yaml")).get(0);
    for (String path :
        List.of(
            argo.path("spec").path("source").path("path").asText(),
            flux.path("spec").path("path").asText())) {
      assertThat(Repository.root().resolve(path).resolve("kustomization.yaml")).isRegularFile();
    }
    assertThat(argo.path("spec").path("destination").path("namespace").asText())
        .isEqualTo(NAMESPACE);
  }

  @Test
  void theAssemblerRefusesWhatItDoesNotUnderstand(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "resources: [cm.yaml]\nimages:\n  - name: x\n    newTag: y\n");
    Files.writeString(
        dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    assertThatThrownBy(() -> Kustomization.build(dir))
        .hasMessageContaining("unsupported field images");

    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "resources: [cm.yaml]\nnamespace: ns\npatches:\n  - target: {kind: ConfigMap, name: a}\n"
            + "    patch: |-\n      - op: add\n        path: /data\n        value: {k: v}\n");
    ObjectNode cm = Kustomization.build(dir).get(0);
    assertThat(cm.path("data").path("k").asText()).isEqualTo("v");
    assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo("ns");

    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "resources: [cm.yaml]\npatches:\n  - target: {kind: ConfigMap, name: b}\n"
            + "    patch: |-\n      - op: add\n        path: /data\n        value: {}\n");
    assertThatThrownBy(() -> Kustomization.build(dir)).hasMessageContaining("matches no object");
  }

  static List<ObjectNode> overlay(String name) throws IOException {
    return Kustomization.build(Repository.deploy().resolve("overlays").resolve(name));
  }

  static String id(JsonNode o) {
    return o.path("kind").asText()
        + "/"
        + o.path("metadata").path("namespace").asText("")
        + "/"
        + o.path("metadata").path("name").asText();
  }

  static JsonNode find(List<ObjectNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static Map<String, String> labels(JsonNode metadata) {
    return fields(metadata.path("labels"));
  }

  private static Map<String, String> fields(JsonNode node) {
    Map<String, String> map = new java.util.TreeMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static List<String> kinds(List<ObjectNode> objects) {
    return objects.stream().map(o -> o.path("kind").asText()).toList();
  }
}
