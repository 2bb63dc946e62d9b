package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.diff.EvictionBudget;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.simulation.SimulatedEvictions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * kubectl drain of a segment host's node, through the eviction API and the MirrorSet's disruption
 * budgets, on 4 hosts x 2 primaries (Group: each node runs the mirrors of the previous host's two
 * primaries). The budgets of earlier releases (maxUnavailable 1) refused every eviction of these
 * pods, which have no controller: every drain hung (SimulatedEvictionsTest).
 */
class DrainScenarioTest extends Scenario {
  private static final Duration RETRY = Duration.ofMillis(500);

  private SimulatedEvictions evictions() {
    return new SimulatedEvictions(env.client(), NAMESPACE);
  }

  /** The UID of each content's pod on {@code node} or elsewhere, by content. */
  private Map<Integer, String> uids(boolean onNode, String node) {
    return pods("drain").stream()
        .filter(p -> node.equals(MirrorResources.node(p)) == onNode)
        .collect(
            Collectors.toMap(
                p -> Integer.valueOf(p.getMetadata().getLabels().get(Labels.CONTENT)),
                p -> p.getMetadata().getUid(),
                (a, b) -> a,
                TreeMap::new));
  }

  private PodDisruptionBudget budget(String name) {
    return env.client()
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  private void awaitMirrorsBudget(int minAvailable) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> budget(Names.budget("drain")),
            b -> b != null && b.getSpec().getMinAvailable().getIntVal() == minAvailable);
  }

  @Test
  void aDrainEvictsTheNodesTwoMirrorsOneAtATimeAndNoOtherNodesMirror() throws Exception {
    start(SimulatedEnvironment.layout(4, 2), "sdw1", "sdw2", "sdw3", "sdw4");
    apply("drain", TestMirrorSets.group().build());
    awaitPhase("drain", "Synchronized");
    awaitMirrorsBudget(7);
    String node = MirrorResources.node(pod("drain", 0));
    Map<Integer, String> onNode = uids(true, node);
    Map<Integer, String> elsewhere = uids(false, node);
    assertThat(onNode).hasSize(2);
    assertThat(budget(Names.budget("drain")).getSpec().getMaxUnavailable()).isNull();

    SimulatedEvictions.Drain drain;
    try (PrimarySampler sampler = new PrimarySampler(env.simulation(), 8)) {
      drain = evictions().drain(node, RETRY, Duration.ofSeconds(90));
      sampler.assertAlwaysAPrimary();
      assertThat(sampler.everWithoutMirror()).isSubsetOf(onNode.keySet());
    }
    System.out.printf(
        "drain of %s (2 mirror pods): %d ms, %d refusals%n",
        node, drain.took().toMillis(), drain.refusals().size());

    assertThat(drain.completed()).as("refusals: %s", drain.refusals()).isTrue();
    assertThat(drain.refusals())
        .as("the second pod waits until the first one's pod waits for its node")
        .isNotEmpty()
        .allMatch(r -> r.contains("429"));
    assertThat(uids(false, node)).as("no other node's mirror went").isEqualTo(elsewhere);
    for (Pod pod : pods("drain")) {
      if (node.equals(MirrorResources.node(pod))) {
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
      }
    }
    evictions().cordon(node, false);
    awaitPhase("drain", "Synchronized");
    awaitMirrorsBudget(7);
    assertThat(env.simulation().copies(0)).as("restarted on its volume, not copied").isEqualTo(1);
  }

  @Test
  void aNodeRunningAnActingPrimaryIsNotDrainedUntilItIsSwitchedBack() throws Exception {
    start(SimulatedEnvironment.layout(4, 2), "sdw1", "sdw2", "sdw3", "sdw4");
    apply("drain", TestMirrorSets.group().build());
    awaitPhase("drain", "Synchronized");
    String node = MirrorResources.node(pod("drain", 0));
    String acting = pod("drain", 0).getMetadata().getUid();
    env.simulation().failPrimary(0);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> pod("drain", 0).getMetadata().getLabels().get(Labels.ROLE),
            EvictionBudget.SOLE_PRIMARY::equals);

    SimulatedEvictions.Drain refused = evictions().drain(node, RETRY, Duration.ofSeconds(5));

    assertThat(refused.completed()).isFalse();
    assertThat(refused.refusals())
        .anyMatch(r -> r.startsWith(Names.mirror("drain", 0)) && r.contains("acting-primaries"))
        .anyMatch(r -> r.startsWith(Names.mirror("drain", 1)) && r.contains("drain-mirrors"));
    assertThat(pod("drain", 0).getMetadata().getUid()).isEqualTo(acting);
    assertThat(uids(true, node)).hasSize(2);

    // The rebalance makes the pod again as a mirror on this node: it must take pods again.
    evictions().cordon(node, false);
    env.simulation().recoverOldPrimary(0);
    requestRebalance("drain", "before-the-drain");
    awaitStatus(
        "drain",
        s ->
            s.getRebalance() != null
                && "Done".equals(s.getRebalance().getStage())
                && "Synchronized".equals(s.getPhase()));
    awaitMirrorsBudget(7);
    SimulatedEvictions.Drain drained;
    try (PrimarySampler sampler = new PrimarySampler(env.simulation(), 8)) {
      drained = evictions().drain(node, RETRY, Duration.ofSeconds(90));
      sampler.assertAlwaysAPrimary();
    }

    assertThat(drained.completed()).as("refusals: %s", drained.refusals()).isTrue();
    assertThat(budget(Names.primariesBudget("drain")).getSpec().getMinAvailable().getIntVal())
        .isEqualTo(9);
    List<String> labels =
        pods("drain").stream().map(p -> p.getMetadata().getLabels().get(Labels.ROLE)).toList();
    assertThat(labels).containsOnly(EvictionBudget.MIRROR);
  }
}
