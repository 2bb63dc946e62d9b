package io.greenplum.mirrors.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.diff.EvictionBudget;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.resources.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The eviction API's decisions on the operator's budgets, four mirror pods of MirrorSet "ms". */
class SimulatedEvictionsTest {
  private static final MirrorSet MS = owner();

  private static MirrorSet owner() {
    MirrorSet ms = new MirrorSet();
    ms.setMetadata(new ObjectMetaBuilder().withName("ms").withNamespace("greenplum").build());
    ms.setSpec(TestMirrorSets.group().build());
    return ms;
  }

  private static Pod pod(int content, String role, PodStatus status) {
    Map<String, String> labels =
        new java.util.TreeMap<>(Labels.forMirror("ms", content, content + 6));
    labels.put(Labels.ROLE, role);
    return new PodBuilder()
        .withNewMetadata()
        .withName(Names.mirror("ms", content))
        .withLabels(labels)
        .endMetadata()
        .withStatus(status)
        .build();
  }

  private static List<Pod> running(String... roles) {
    List<Pod> pods = new ArrayList<>();
    for (int c = 0; c < roles.length; c++) {
      pods.add(pod(c, roles[c], PodStatuses.running()));
    }
    return pods;
  }

  @Test
  void theBudgetOfEarlierReleasesAllowsNoEvictionOfPodsWithoutAController() {
    // maxUnavailable: the disruption controller finds no scale for bare pods: every drain hangs.
    PodDisruptionBudget old =
        new PodDisruptionBudgetBuilder()
            .withNewMetadata()
            .withName(Names.budget("ms"))
            .endMetadata()
            .withNewSpec()
            .withMaxUnavailable(new IntOrString(1))
            .withNewSelector()
            .withMatchLabels(Map.of(Labels.MIRROR_SET, "ms", Labels.COMPONENT, Labels.MIRROR))
            .endSelector()
            .endSpec()
            .build();
    List<Pod> pods = running("mirror", "mirror", "mirror", "mirror");

    assertThat(SimulatedEvictions.refusal(pods.get(0), List.of(old), pods))
        .startsWith("429: ")
        .contains("no controller");
  }

  @Test
  void theMirrorsBudgetAllowsOneEvictionWhenEveryContentIsRedundant() {
    List<Pod> pods = running("mirror", "mirror", "mirror", "mirror");
    List<PodDisruptionBudget> budgets = MirrorResources.disruptionBudgets(MS, 3, 5);

    assertThat(SimulatedEvictions.refusal(pods.get(0), budgets, pods)).isNull();
    // That pod gone, the next one is refused until the operator writes a new number.
    List<Pod> rest = pods.subList(1, 4);
    assertThat(SimulatedEvictions.refusal(rest.get(0), budgets, rest)).startsWith("429: ");
  }

  @Test
  void aSolePrimaryIsNeverEvictedEvenUnhealthy() {
    List<Pod> pods = running("mirror", EvictionBudget.SOLE_PRIMARY, "mirror", "mirror");
    Pod crashing = pod(1, EvictionBudget.SOLE_PRIMARY, PodStatuses.mirrorCrashing(null));
    List<PodDisruptionBudget> budgets = MirrorResources.disruptionBudgets(MS, 3, 5);

    assertThat(SimulatedEvictions.refusal(pods.get(1), budgets, pods)).startsWith("429: ");
    assertThat(SimulatedEvictions.refusal(crashing, budgets, List.of(crashing)))
        .startsWith("429: ");
    assertThat(SimulatedEvictions.refusal(pods.get(0), budgets, pods))
        .as("the mirrors budget allows none while a content is down to one copy")
        .startsWith("429: ");
  }

  @Test
  void anUnhealthyMirrorIsEvictedAndAPodNotRunningSkipsTheBudgets() {
    Pod crashing = pod(0, "mirror", PodStatuses.mirrorCrashing(null));
    Pod copying = pod(1, "mirror", PodStatuses.copying());
    List<Pod> pods = List.of(crashing, copying);
    List<PodDisruptionBudget> budgets = MirrorResources.disruptionBudgets(MS, 4, 5);

    assertThat(SimulatedEvictions.refusal(crashing, budgets, pods)).isNull();
    assertThat(SimulatedEvictions.refusal(copying, budgets, pods)).isNull();
  }

  @Test
  void noPodIsSelectedByBothBudgets() {
    List<PodDisruptionBudget> budgets = MirrorResources.disruptionBudgets(MS, 3, 5);
    for (String role : List.of("mirror", "primary", EvictionBudget.SOLE_PRIMARY)) {
      Pod p = pod(0, role, PodStatuses.running());
      assertThat(
              budgets.stream()
                  .filter(b -> SimulatedEvictions.selects(b.getSpec().getSelector(), p)))
          .as(role)
          .hasSize(1);
    }
  }
}
