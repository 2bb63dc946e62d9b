package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.greenplum.mirrors.resources.MirrorResources;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Kubernetes side of operator tests: CRD, nodes, Secret, a hand-driven kubelet. */
final class TestKubernetes {
  static final String NAMESPACE = "greenplum";
  static final String CRD = "target/classes/META-INF/fabric8/mirrorsets.greenplum.io-v1.yml";

  private TestKubernetes() {}

  static void prepare(KubernetesClient client, String password, String... nodes) throws Exception {
    try (InputStream crd = new FileInputStream(CRD)) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }
    for (String node : nodes) {
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(node)
                  .addToLabels("kubernetes.io/hostname", node)
                  .endMetadata()
                  .build())
          .create();
    }
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("gp-admin")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(Map.of("password", password))
                .build())
        .create();
  }

  /** The kubelet: the base backup finished and the mirror container runs. */
  static void run(KubernetesClient client, Pod pod) {
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Running")
            .withInitContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(MirrorResources.BASE_BACKUP_CONTAINER)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(0)
                    .withReason("Completed")
                    .endTerminated()
                    .endState()
                    .build())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(MirrorResources.MIRROR_CONTAINER)
                    .withReady(true)
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build())
            .build());
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
  }

  /** The kubelet: the pod started and its init container copies. */
  static void copying(KubernetesClient client, Pod pod) {
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Pending")
            .withInitContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(MirrorResources.BASE_BACKUP_CONTAINER)
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build())
            .build());
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
  }

  static boolean isRunning(Pod pod) {
    return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
  }

  /** The requests the mock server received since the last call, as "METHOD path". */
  static List<String> drainRequests(KubernetesMockServer server) throws InterruptedException {
    List<String> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request.getMethod() + " " + request.getPath());
    }
    return requests;
  }

  /** Requests that change something (not GET, not watch). */
  static List<String> writes(List<String> requests) {
    return requests.stream().filter(r -> !r.startsWith("GET ")).toList();
  }
}
