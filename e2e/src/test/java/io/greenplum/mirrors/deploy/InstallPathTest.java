package io.greenplum.mirrors.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each install path, rendered, runs README's walkthrough: the namespace of the sample it applies is
 * watched, allows host-network pods, and the operator's service account may make pods there; no two
 * manifests give one namespace different Pod Security labels. The walkthrough (README, "The
 * operator") is read from README itself, so the two cannot drift.
 */
class InstallPathTest {
  private static final String ENFORCE = "pod-security.kubernetes.io/enforce";

  /** The README block after "## The operator": the walkthrough a new user copies. */
  private static String walkthrough() throws IOException {
    String readme = Files.readString(Repository.root().resolve("README.md"));
    int section = readme.indexOf("\n## The operator\n");
    assertThat(section).as("README has the walkthrough").isPositive();
    int start = readme.indexOf("```bash\n", section);
    return readme.substring(start, readme.indexOf("\n```", start + 8));
  }

  private static String sampleNamespace(String walkthrough) throws IOException {
    Matcher apply = Pattern.compile("kubectl apply -f (deploy/samples/\\S+)").matcher(walkthrough);
    assertThat(apply.find()).as("the walkthrough applies a sample").isTrue();
    return Kustomization.readAll(Repository.root().resolve(apply.group(1)))
        .get(0)
        .path("metadata")
        .path("namespace")
        .asText();
  }

  private static Set<String> labelledPrivileged(String walkthrough) {
    Set<String> namespaces = new HashSet<>();
    Matcher label =
        Pattern.compile("kubectl label namespace (\\S+) " + ENFORCE + "=privileged")
            .matcher(walkthrough);
    while (label.find()) {
      namespaces.add(label.group(1));
    }
    return namespaces;
  }

  private static List<ObjectNode> render(String path) throws IOException {
    return path.equals("helm") ? DeployChartTest.render("") : DeployManifestsTest.overlay(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"namespaced", "all-namespaces", "helm"})
  void theWalkthroughsNamespaceIsWatchedAllowsHostNetworkPodsAndIsGranted(String path)
      throws IOException {
    String walkthrough = walkthrough();
    String namespace = sampleNamespace(walkthrough);
    List<ObjectNode> objects = render(path);
    JsonNode deployment = DeployManifestsTest.find(objects, "Deployment", "gpmirrors-operator");
    String operatorNamespace = deployment.path("metadata").path("namespace").asText();
    JsonNode pod = deployment.path("spec").path("template").path("spec");

    List<String> watched = new ArrayList<>();
    pod.path("containers")
        .get(0)
        .path("args")
        .forEach(
            a -> {
              if (a.asText().startsWith("--namespace=")) {
                watched.addAll(List.of(a.asText().substring("--namespace=".length()).split(",")));
              }
            });
    assertThat(watched.isEmpty() || watched.contains(namespace))
        .as(path + " watches " + namespace + " (watched: " + watched + ")")
        .isTrue();

    // Host-network pods: the walkthrough labels the namespace (the install leaves it alone).
    List<JsonNode> namespaces =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("Namespace"))
            .map(o -> (JsonNode) o)
            .toList();
    Set<String> names = new HashSet<>();
    namespaces.forEach(
        n ->
            assertThat(names.add(n.path("metadata").path("name").asText()))
                .as("one manifest per namespace: none overwrites another's labels")
                .isTrue());
    String enforce = labelledPrivileged(walkthrough).contains(namespace) ? "privileged" : "";
    assertThat(enforce).as(namespace + " allows host-network pods").isEqualTo("privileged");
    assertThat(namespace)
        .as("the operator's own namespace stays restricted")
        .isNotEqualTo(operatorNamespace);
    namespaces.stream()
        .filter(n -> n.path("metadata").path("name").asText().equals(operatorNamespace))
        .forEach(
            n ->
                assertThat(n.path("metadata").path("labels").path(ENFORCE).asText())
                    .isEqualTo("restricted"));

    assertThat(
            granted(objects, namespace, pod.path("serviceAccountName").asText(), operatorNamespace))
        .as("the operator may make pods in " + namespace)
        .isTrue();
  }

  /** A RoleBinding in {@code namespace} (or a ClusterRoleBinding) lets the account make pods. */
  private static boolean granted(
      List<ObjectNode> objects, String namespace, String account, String accountNamespace) {
    return objects.stream()
        .filter(b -> b.path("kind").asText().endsWith("RoleBinding"))
        .filter(
            b ->
                b.path("kind").asText().equals("ClusterRoleBinding")
                    || b.path("metadata").path("namespace").asText().equals(namespace))
        .filter(
            b -> {
              JsonNode s = b.path("subjects").get(0);
              return s.path("name").asText().equals(account)
                  && s.path("namespace").asText().equals(accountNamespace);
            })
        .map(
            b ->
                DeployManifestsTest.find(
                    objects,
                    b.path("roleRef").path("kind").asText(),
                    b.path("roleRef").path("name").asText()))
        .anyMatch(InstallPathTest::createsPods);
  }

  private static boolean createsPods(JsonNode role) {
    for (JsonNode rule : role.path("rules")) {
      if (rule.path("resources").toString().contains("\"pods\"")
          && rule.path("verbs").toString().contains("\"create\"")) {
        return true;
      }
    }
    return false;
  }
}
