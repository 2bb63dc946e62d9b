package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.greenplum.mirrors.resources.MirrorResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SIMULATION. The eviction API (a POST of a policy/v1 Eviction) as the API server decides it from
 * the PodDisruptionBudgets, with a disruption controller that is never behind, and kubectl drain on
 * top of it. The rules are the API server's: a pod not running (Pending, Succeeded, Failed) or
 * already deleting is evicted whatever the budgets; one matched by two budgets is refused (500); an
 * unhealthy pod (not Ready) is evicted under {@code unhealthyPodEvictionPolicy: AlwaysAllow}, and
 * under IfHealthyBudget only while the budget has its healthy pods; else the budget must allow a
 * disruption (429). Only an integer {@code minAvailable} counts pods without a controller: with
 * {@code maxUnavailable} or a percentage the controller finds no scale, and allows none.
 */
public final class SimulatedEvictions {
  private final KubernetesClient client;
  private final String namespace;

  public SimulatedEvictions(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** What kubectl drain did: whether every pod it found went, and the refusals it was answered. */
  public record Drain(boolean completed, List<String> refusals, Duration took) {}

  /** kubectl cordon (true) or uncordon (false). */
  public void cordon(String node, boolean unschedulable) {
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"unschedulable\":" + unschedulable + "}}");
  }

  /** Asks to evict {@code pod}: null when it was evicted (deleted), else the API's refusal. */
  public synchronized String evict(String pod) {
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    Pod target =
        pods.stream().filter(p -> p.getMetadata().getName().equals(pod)).findFirst().orElse(null);
    if (target == null) {
      return null;
    }
    String refusal =
        refusal(
            target,
            client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems(),
            pods);
    if (refusal == null) {
      client.pods().inNamespace(namespace).withName(pod).delete();
    }
    return refusal;
  }

  /**
   * kubectl drain --force: cordons the node, then evicts every pod placed on it (those it finds at
   * the start), a refused one again every {@code retry}, until all are gone or {@code timeout}.
   */
  public Drain drain(String node, Duration retry, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    cordon(node, true);
    Map<String, String> left = new LinkedHashMap<>();
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      if (node.equals(MirrorResources.node(pod)) && placed(pod)) {
        left.put(pod.getMetadata().getName(), pod.getMetadata().getUid());
      }
    }
    List<String> refusals = new ArrayList<>();
    long deadline = start + timeout.toNanos();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      for (Map.Entry<String, String> pod : List.copyOf(left.entrySet())) {
        Pod now = client.pods().inNamespace(namespace).withName(pod.getKey()).get();
        String refused =
            now == null || !now.getMetadata().getUid().equals(pod.getValue())
                ? null
                : evict(pod.getKey());
        if (refused == null) {
          left.remove(pod.getKey());
        } else {
          refusals.add(pod.getKey() + ": " + refused);
        }
      }
      if (!left.isEmpty()) {
        Thread.sleep(retry.toMillis());
      }
    }
    return new Drain(left.isEmpty(), refusals, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Why the API server refuses to evict {@code pod} now, or null when it evicts it. */
  public static String refusal(Pod pod, List<PodDisruptionBudget> budgets, List<Pod> pods) {
    String phase = pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
    if (pod.getMetadata().getDeletionTimestamp() != null || !"Running".equals(phase)) {
      return null;
    }
    List<PodDisruptionBudget> matching =
        budgets.stream().filter(b -> selects(b.getSpec().getSelector(), pod)).toList();
    if (matching.size() > 1) {
      return "500: This pod has more than one PodDisruptionBudget, which the eviction subresource"
          + " does not support.";
    }
    if (matching.isEmpty()) {
      return null;
    }
    PodDisruptionBudget budget = matching.get(0);
    List<Pod> selected =
        pods.stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(p -> selects(budget.getSpec().getSelector(), p))
            .toList();
    int healthy = (int) selected.stream().filter(SimulatedEvictions::ready).count();
    var min = budget.getSpec().getMinAvailable();
    boolean counted = min != null && min.getIntVal() != null;
    int desired = counted ? min.getIntVal() : 0;
    int allowed = counted && !selected.isEmpty() ? Math.max(0, healthy - desired) : 0;
    if (!ready(pod)) {
      boolean always = "AlwaysAllow".equals(budget.getSpec().getUnhealthyPodEvictionPolicy());
      if (always || counted && desired > 0 && healthy >= desired) {
        return null;
      }
    } else if (allowed > 0) {
      return null;
    }
    return "429: Cannot evict pod as it would violate the pod's disruption budget "
        + budget.getMetadata().getName()
        + (counted
            ? " (" + healthy + " healthy, " + desired + " needed)"
            : " (no controller: the disruption controller counts none of its pods)");
  }

  /** The pod runs and every container of it is ready (the PodDisruptionBudget's healthy). */
  private static boolean ready(Pod pod) {
    var status = pod.getStatus();
    return status != null
        && "Running".equals(status.getPhase())
        && status.getContainerStatuses() != null
        && !status.getContainerStatuses().isEmpty()
        && status.getContainerStatuses().stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
  }

  /** The scheduler placed the pod (an Unschedulable pod is on no node, kubectl drain skips it). */
  private static boolean placed(Pod pod) {
    return pod.getStatus() == null
        || pod.getStatus().getConditions() == null
        || pod.getStatus().getConditions().stream()
            .noneMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()));
  }

  /** Whether {@code selector} selects {@code pod} (matchLabels and matchExpressions). */
  public static boolean selects(LabelSelector selector, Pod pod) {
    Map<String, String> labels =
        pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    if (selector == null) {
      return false;
    }
    if (selector.getMatchLabels() != null
        && !selector.getMatchLabels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    return expressions.stream().allMatch(r -> meets(r, labels.get(r.getKey())));
  }

  private static boolean meets(LabelSelectorRequirement r, String value) {
    return switch (r.getOperator()) {
      case "In" -> value != null && r.getValues().contains(value);
      case "NotIn" -> value == null || !r.getValues().contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}
