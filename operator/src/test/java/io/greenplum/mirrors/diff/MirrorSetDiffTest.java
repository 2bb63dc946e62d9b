package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorPlan;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MirrorSetDiffTest {
  static final SegmentConfiguration UNMIRRORED = TestClusters.gp7(2, 2);
  static final MirrorPlan PLAN =
      MirrorPlanner.plan(UNMIRRORED, TestMirrorSets.group().build()).plan();

  /** The cluster after registration: the plan's mirrors m/m/n/d. */
  static SegmentConfiguration registered() {
    List<Segment> rows = new ArrayList<>(UNMIRRORED.segments());
    for (PlannedMirror m : PLAN.mirrors()) {
      rows.add(
          TestClusters.mirror(m.dbid(), m.content(), m.hostname(), m.port(), m.dataDirectory()));
    }
    return new SegmentConfiguration(UNMIRRORED.family(), rows);
  }

  static Observation seen(
      SegmentConfiguration cluster,
      Map<Integer, PodView> pods,
      Set<Integer> volumes,
      List<ReplicationRow> rep,
      int maxParallel) {
    return new Observation(
        MirrorPlanner.plan(cluster, TestMirrorSets.group().build()),
        cluster,
        rep,
        pods,
        volumes,
        Map.of(),
        maxParallel);
  }

  static PodView pod(int content, int dbid, boolean copying) {
    return new PodView(
        "ms-m" + content,
        content,
        dbid,
        copying ? "Pending" : "Running",
        copying ? PodView.Step.RUNNING : PodView.Step.SUCCEEDED,
        !copying,
        !copying,
        null,
        false);
  }

  @Test
  void aClusterWithoutMirrorsGetsTheWholePlanRegisteredAtOnce() {
    assertThat(MirrorSetDiff.diff(seen(UNMIRRORED, Map.of(), Set.of(), List.of(), 2)))
        .containsExactly(new Action.RegisterMirrors(PLAN));
  }

  @Test
  void podsAreCreatedNoFasterThanMaxParallelBaseBackups() {
    Map<Integer, PodView> pods = new TreeMap<>(Map.of(0, pod(0, 6, true)));

    List<Action> actions = MirrorSetDiff.diff(seen(registered(), pods, Set.of(0), List.of(), 2));

    assertThat(actions)
        .singleElement()
        .isInstanceOfSatisfying(
            Action.CreateMirror.class,
            a -> {
              assertThat(a.mirror().content()).isEqualTo(1);
              assertThat(a.dbid()).isEqualTo(7);
              assertThat(a.volumeMissing()).isTrue();
            });
    pods.put(1, pod(1, 7, true));
    assertThat(MirrorSetDiff.diff(seen(registered(), pods, Set.of(0, 1), List.of(), 2))).isEmpty();
  }

  @Test
  void aPodBuiltForAnotherDbidIsReplacedAndAFailedPodToo() {
    Map<Integer, PodView> pods = new TreeMap<>();
    pods.put(0, pod(0, 99, false));
    pods.put(
        1,
        new PodView(
            "ms-m1", 1, 7, "Failed", PodView.Step.SUCCEEDED, false, false, "Evicted", false));
    pods.put(2, pod(2, 8, false));
    pods.put(3, pod(3, 9, false));

    assertThat(MirrorSetDiff.diff(seen(registered(), pods, Set.of(0, 1, 2, 3), List.of(), 4)))
        .extracting(a -> a.getClass().getSimpleName() + ((Action.DeletePod) a).content())
        .containsExactly("DeletePod0", "DeletePod1");
  }

  @Test
  void aStreamingMirrorNotYetInSyncAsksForAnFtsProbe() {
    Map<Integer, PodView> pods = new TreeMap<>();
    for (int c = 0; c < 4; c++) {
      pods.put(c, pod(c, c + 6, false));
    }
    ReplicationRow streaming =
        new ReplicationRow(
            2,
            "gp_walreceiver",
            "streaming",
            "0/5000000",
            "0/5000000",
            "0/5000000",
            "0/5000000",
            0,
            "async",
            "none");

    assertThat(
            MirrorSetDiff.diff(seen(registered(), pods, Set.of(0, 1, 2, 3), List.of(streaming), 4)))
        .containsExactly(new Action.RequestFtsProbe());
  }
}
