package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The disruption budgets on 2 hosts x 2 primaries, every mirror the operator's. */
class EvictionBudgetTest {
  /** Every pair s/u, then {@code change} applied to every row. */
  private static SegmentConfiguration cluster(UnaryOperator<Segment> change) {
    SegmentConfiguration mirrored = MirrorRemovalTest.mirrored(s -> s);
    return new SegmentConfiguration(
        mirrored.family(),
        mirrored.segments().stream()
            .map(
                s ->
                    s.content() >= 0
                        ? TestClusters.with(s, s.role(), SegmentMode.SYNCHRONIZED, s.status())
                        : s)
            .map(change)
            .toList());
  }

  /** Content 1 failed over: our mirror (dbid 7) acts as primary, the old primary is down. */
  private static Segment failedOver1(Segment s) {
    if (s.content() != 1) {
      return s;
    }
    return s.isPreferredMirror()
        ? TestClusters.with(s, Role.PRIMARY, SegmentMode.NOT_IN_SYNC, SegmentStatus.UP)
        : TestClusters.with(s, Role.MIRROR, SegmentMode.NOT_IN_SYNC, SegmentStatus.DOWN);
  }

  /** Content 1's old primary recovered as its mirror, in sync: the roles stay switched. */
  private static Segment switched1(Segment s) {
    if (s.content() != 1) {
      return s;
    }
    return TestClusters.with(
        s,
        s.isPreferredMirror() ? Role.PRIMARY : Role.MIRROR,
        SegmentMode.SYNCHRONIZED,
        SegmentStatus.UP);
  }

  private static Observation seen(SegmentConfiguration cluster, UnaryOperator<PodView> pod) {
    Map<Integer, PodView> pods = new TreeMap<>();
    for (int c = 0; c < 4; c++) {
      PodView p = pod.apply(TestObservation.pod(c, c + 6, false));
      if (p != null) {
        pods.put(c, p);
      }
    }
    return MirrorRemovalTest.seen(cluster)
        .pods(pods)
        .volumes(0, 1, 2, 3)
        .streaming(0, 1, 2, 3)
        .build();
  }

  private static PodView waitingForItsNode(PodView p) {
    return new PodView(
        p.name(),
        p.content(),
        p.dbid(),
        "Pending",
        PodView.Step.WAITING,
        false,
        false,
        null,
        false,
        null,
        false,
        "Unschedulable: 0/4 nodes are available: 1 node(s) were unschedulable");
  }

  @Test
  void everyContentRedundantAllowsOneEviction() {
    Observation o = seen(cluster(s -> s), p -> p);

    EvictionBudget.Budgets b = EvictionBudget.of(o, false);

    assertThat(b.evictable()).isTrue();
    assertThat(b.mirrorsMinAvailable()).isEqualTo(3);
    assertThat(b.primariesMinAvailable()).isEqualTo(5);
    assertThat(b.labels()).containsOnlyKeys("ms-m0", "ms-m1", "ms-m2", "ms-m3");
    assertThat(b.labels()).allSatisfy((pod, label) -> assertThat(label).isEqualTo("mirror"));
    assertThat(EvictionBudget.actions(o, false))
        .as("the labels are already right")
        .containsExactly(new Action.SetDisruptionBudgets(3, 5));
  }

  @Test
  void aSoleActingPrimaryGoesToTheGuardBeforeTheMirrorsAreCountedAndNoneIsEvictable() {
    Observation o = seen(cluster(EvictionBudgetTest::failedOver1), p -> p);

    EvictionBudget.Budgets b = EvictionBudget.of(o, false);

    assertThat(b.labels()).containsEntry("ms-m1", EvictionBudget.SOLE_PRIMARY);
    assertThat(b.evictable()).isFalse();
    assertThat(b.mirrorsMinAvailable()).as("the three other mirrors, all kept").isEqualTo(3);
    assertThat(EvictionBudget.actions(o, false))
        .containsExactly(
            new Action.LabelRole(1, "ms-m1", EvictionBudget.SOLE_PRIMARY),
            new Action.SetDisruptionBudgets(3, 5));
  }

  @Test
  void anActingPrimaryInSyncStaysGuardedWhileTheOtherMirrorsMayGo() {
    // Evicting it would fail its content over; only a rebalance switches it back.
    Observation o =
        seen(
            cluster(EvictionBudgetTest::switched1),
            p -> p.content() == 1 ? p.withRoleLabel(EvictionBudget.SOLE_PRIMARY) : p);

    EvictionBudget.Budgets b = EvictionBudget.of(o, false);

    assertThat(b.evictable()).isTrue();
    assertThat(b.mirrorsMinAvailable()).as("3 mirrors in the budget, 1 may go").isEqualTo(2);
    assertThat(EvictionBudget.actions(o, false))
        .containsExactly(
            new Action.SetDisruptionBudgets(2, 5),
            new Action.LabelRole(1, "ms-m1", EvictionBudget.PRIMARY));
  }

  @Test
  void aPodSwitchedBackByARebalanceLeavesTheGuardAfterTheMirrorsBudgetIsRaised() {
    Observation o =
        seen(cluster(s -> s), p -> p.content() == 1 ? p.withRoleLabel(EvictionBudget.PRIMARY) : p);

    assertThat(EvictionBudget.actions(o, false))
        .containsExactly(
            new Action.SetDisruptionBudgets(3, 5),
            new Action.LabelRole(1, "ms-m1", EvictionBudget.MIRROR));
  }

  @Test
  void aMirrorWaitingForItsCordonedNodeLeavesOneMoreEvictionForThatNode() {
    // The drain of a node with two mirrors: the first pod evicted and made again stays Pending;
    // the node's other mirror must be evictable too, or the drain never ends.
    Observation o =
        seen(
            cluster(s -> s.content() == 0 && s.isPreferredMirror() ? MirrorRemovalTest.down(s) : s),
            p -> p.content() == 0 ? waitingForItsNode(p) : p);

    EvictionBudget.Budgets b = EvictionBudget.of(o, false);

    assertThat(b.evictable()).isTrue();
    assertThat(b.mirrorsMinAvailable()).as("3 running, 1 of them may go").isEqualTo(2);
  }

  @Test
  void aMirrorDownForAnotherReasonOrAMissingPodAllowsNoEviction() {
    Observation down =
        seen(
            cluster(s -> s.content() == 2 && s.isPreferredMirror() ? MirrorRemovalTest.down(s) : s),
            p -> p);
    Observation missing = seen(cluster(s -> s), p -> p.content() == 3 ? null : p);

    assertThat(EvictionBudget.of(down, false).evictable()).isFalse();
    assertThat(EvictionBudget.of(down, false).mirrorsMinAvailable()).isEqualTo(4);
    assertThat(EvictionBudget.of(missing, false).evictable()).isFalse();
    assertThat(EvictionBudget.of(missing, false).mirrorsMinAvailable())
        .as("a missing pod is counted: the three running must all stay")
        .isEqualTo(4);
  }

  @Test
  void aPassThatStopsAPodAllowsNoEvictionAndItsBudgetsComeFirst() {
    Observation o = seen(cluster(s -> s), p -> p.content() == 2 ? failed(p) : p);

    List<Action> actions = MirrorSetDiff.diff(o);

    assertThat(actions).anyMatch(a -> a instanceof Action.DeletePod d && d.content() == 2);
    Action budgets = new Action.SetDisruptionBudgets(4, 5);
    assertThat(actions)
        .as("no eviction while the pod this pass deletes is not seen gone")
        .contains(budgets);
    Action delete = actions.stream().filter(a -> a instanceof Action.DeletePod).findFirst().get();
    assertThat(actions.indexOf(budgets)).isLessThan(actions.indexOf(delete));
  }

  @Test
  void mirrorsThatAreNotOursGetNoBudget() {
    // Mirrors gpaddmirrors made, adopted: no pod of ours, nothing written (not even a claim).
    Observation o =
        MirrorRemovalTest.seen(cluster(s -> s)).pods(Map.of()).streaming(0, 1, 2, 3).build();

    assertThat(EvictionBudget.actions(o, false)).isEmpty();
  }

  private static PodView failed(PodView p) {
    return new PodView(
        p.name(),
        p.content(),
        p.dbid(),
        "Failed",
        PodView.Step.SUCCEEDED,
        false,
        false,
        "Evicted",
        false,
        null,
        false,
        null);
  }
}
