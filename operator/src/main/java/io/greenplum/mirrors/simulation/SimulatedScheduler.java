package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.greenplum.mirrors.resources.MirrorResources;

/**
 * SIMULATION. The scheduler's one decision the operator depends on: a pod whose node affinity names
 * a cordoned node (spec.unschedulable, as kubectl cordon and drain set it) stays Pending with
 * PodScheduled False, reason Unschedulable, until the node takes pods again. A pod once placed
 * stays placed: cordoning a node evicts nothing.
 */
final class SimulatedScheduler {
  private final KubernetesClient client;

  SimulatedScheduler(KubernetesClient client) {
    this.client = client;
  }

  /** Whether the pod is (now) placed on its node; if not, its status says why, once. */
  boolean places(Pod pod, MirrorRun run) {
    if (run.bound) {
      return true;
    }
    String name = MirrorResources.node(pod);
    Node node = name == null ? null : client.nodes().withName(name).get();
    if (node != null
        && node.getSpec() != null
        && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      if (!run.unschedulable) {
        run.unschedulable = true;
        SimulatedCluster.writeStatus(client, pod, unschedulable(name));
      }
      return false;
    }
    run.bound = true;
    return true;
  }

  private static io.fabric8.kubernetes.api.model.PodStatus unschedulable(String node) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage(
            "0/N nodes are available: 1 node(s) were unschedulable ("
                + node
                + "), the others didn't match Pod's node affinity/selector")
        .endCondition()
        .build();
  }
}
