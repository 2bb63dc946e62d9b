package io.greenplum.mirrors.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Helm chart, linted and rendered by real Helm: the same install as the kustomize overlays. */
class DeployChartTest {
  private static final Path CHART = Repository.deploy().resolve("helm/gpmirrors-operator");

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void defaultsRenderTheNamespacedOverlay() throws IOException {
    assertThat(byId(render(""))).isEqualTo(byId(withoutNamespaceAndCrd("namespaced")));
  }

  @Test
  void allNamespacesRendersTheAllNamespacesOverlay() throws IOException {
    assertThat(byId(render("watch: {allNamespaces: true}")))
        .isEqualTo(byId(withoutNamespaceAndCrd("all-namespaces")));
  }

  @Test
  void valuesReachTheObjects() throws IOException {
    List<ObjectNode> objects =
        render(
            String.join(
                "\n",
                "image: {repository: registry.example.com/gpmirrors, tag: 1.2.3}",
                "replicas: 3",
                "watch: {namespaces: [gp-a, gp-b]}",
                "logFormat: text",
                "resources: {limits: {memory: 1Gi}}"));
    JsonNode deployment = DeployManifestsTest.find(objects, "Deployment", "gpmirrors-operator");
    JsonNode container = deployment.path("spec").path("template").path("spec").path("containers");
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(container.get(0).path("image").asText())
        .isEqualTo("registry.example.com/gpmirrors:1.2.3");
    assertThat(container.get(0).path("args").toString())
        .isEqualTo("[\"run\",\"--http-port=8080\",\"--namespace=gp-a,gp-b\"]");
    assertThat(container.get(0).path("env").toString())
        .contains("{\"name\":\"GPMIRRORS_LOG_FORMAT\",\"value\":\"text\"}");
    assertThat(container.get(0).path("resources").path("limits").path("memory").asText())
        .isEqualTo("1Gi");
    List<String> roles = new ArrayList<>();
    for (ObjectNode o : objects) {
      if (o.path("metadata").path("name").asText().equals("gpmirrors-operator")
          && o.path("kind").asText().startsWith("Role")) {
        roles.add(DeployManifestsTest.id(o));
      }
    }
    assertThat(roles)
        .containsExactlyInAnyOrder(
            "Role/gp-a/gpmirrors-operator",
            "RoleBinding/gp-a/gpmirrors-operator",
            "Role/gp-b/gpmirrors-operator",
            "RoleBinding/gp-b/gpmirrors-operator");
    assertThat(objects)
        .noneMatch(
            o ->
                o.path("kind").asText().equals("ClusterRoleBinding")
                    && o.path("metadata").path("name").asText().equals("gpmirrors-operator"));
  }

  @Test
  void anUnknownLogFormatIsRefused() {
    assertThatThrownBy(() -> render("logFormat: yaml"))
        .hasMessageContaining("logFormat must be text or json, not \"yaml\"");
  }

  @Test
  void theChartCarriesTheCommittedCrd() throws IOException {
    String crd = "mirrorsets.greenplum.io-v1.yml";
    assertThat(Files.readString(CHART.resolve("crds").resolve(crd)))
        .as("stale: regenerate with mvn -pl operator test -Dtest=CrdTest -Dcrd.update=true")
        .isEqualTo(Files.readString(Repository.root().resolve("crds").resolve(crd)));
  }

  /** {@code helm template gpmirrors -n gpmirrors-system -f values} of the chart. */
  static List<ObjectNode> render(String values) throws IOException {
    Path valuesFile = Files.createTempFile("values", ".yaml");
    Path rendered = Files.createTempFile("rendered", ".yaml");
    try {
      Files.writeString(valuesFile, values);
      Files.writeString(
          rendered,
          new Helm(CHART)
              .template()
              .withName("gpmirrors")
              .withNamespace("gpmirrors-system")
              .withValuesFile(valuesFile)
              .call());
      return Kustomization.readAll(rendered);
    } finally {
      Files.delete(valuesFile);
      Files.delete(rendered);
    }
  }

  private static List<ObjectNode> withoutNamespaceAndCrd(String overlay) throws IOException {
    return DeployManifestsTest.overlay(overlay).stream()
        .filter(o -> !o.path("kind").asText().equals("Namespace"))
        .filter(o -> !o.path("kind").asText().equals("CustomResourceDefinition"))
        .toList();
  }

  private static Map<String, JsonNode> byId(List<ObjectNode> objects) {
    Map<String, JsonNode> map = new TreeMap<>();
    objects.forEach(o -> map.put(DeployManifestsTest.id(o), o));
    return map;
  }
}
