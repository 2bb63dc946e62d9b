package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.greenplum.mirrors.resources.MirrorResources;

/**
 * SIMULATION. The scheduler's decisions the operator depends on: a pod whose node affinity names a
 * cordoned node (spec.unschedulable, as kubectl cordon and drain set it), or a node whose labels
 * its affinity's expressions do not match (a node without greenplum.io/segment-host=true), stays
 * Pending with PodScheduled False, reason Unschedulable, until the node takes it. A pod once placed
 * stays placed: cordoning a node or removing its label evicts nothing.
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
    boolean cordoned =
        node != null
            && node.getSpec() != null
            && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    if (cordoned || (node != null && !matches(pod, node))) {
      if (!run.unschedulable) {
        run.unschedulable = true;
        SimulatedCluster.writeStatus(
            client,
            pod,
            unschedulable(
                cordoned
                    ? "1 node(s) were unschedulable (" + name + ")"
                    : "1 node(s) didn't match Pod's node affinity/selector (" + name + ")"));
      }
      return false;
    }
    run.bound = true;
    return true;
  }

  /** Every "In" expression of the pod's required node affinity holds on the node's labels. */
  private static boolean matches(Pod pod, Node node) {
    var labels =
        node.getMetadata().getLabels() == null
            ? java.util.Map.<String, String>of()
            : node.getMetadata().getLabels();
    return MirrorResources.nodeRequirements(pod).stream()
        .filter(e -> "In".equals(e.getOperator()))
        .allMatch(e -> e.getValues().contains(labels.get(e.getKey())));
  }

  private static io.fabric8.kubernetes.api.model.PodStatus unschedulable(String why) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage(
            "0/N nodes are available: "
                + why
                + ", the others didn't match Pod's node affinity/selector")
        .endCondition()
        .build();
  }
}
