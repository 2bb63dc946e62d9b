package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.simulation.PodStatuses;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Kubernetes side of operator tests: CRD, nodes, Secret, a hand-driven kubelet. */
final class TestKubernetes {
  static final String NAMESPACE = SimulatedEnvironment.NAMESPACE;

  private TestKubernetes() {}

  static void prepare(KubernetesClient client, String password, String... nodes) throws Exception {
    SimulatedEnvironment.prepareApi(client, password, List.of(nodes));
  }

  /** The kubelet: the base backup finished and the mirror container runs. */
  static void run(KubernetesClient client, Pod pod) {
    pod.setStatus(PodStatuses.running());
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
  }

  /** The mirror pods (not the preflight pods) in the test namespace. */
  static List<Pod> mirrorPods(KubernetesClient client) {
    return client
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.COMPONENT, Labels.MIRROR)
        .list()
        .getItems();
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

  /** Who holds the operator's Lease, or null. */
  static String leaseHolder(KubernetesClient client) {
    var lease = client.leases().inNamespace(NAMESPACE).withName(OperatorRuntime.LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** The reasons of the Events in the test namespace. */
  static List<String> eventReasons(KubernetesClient client) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .map(io.fabric8.kubernetes.api.model.Event::getReason)
        .toList();
  }

  /**
   * The mirror pods the MirrorPodCreated events tell of: one per event of one pod, N for an event
   * of a wave ("N mirror pods created, ...").
   */
  static int podsCreated(KubernetesClient client) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "MirrorPodCreated".equals(e.getReason()))
        .mapToInt(
            e -> {
              java.util.regex.Matcher wave =
                  java.util.regex.Pattern.compile("^(\\d+) mirror pods created")
                      .matcher(e.getMessage());
              return wave.find() ? Integer.parseInt(wave.group(1)) : 1;
            })
        .sum();
  }
}
