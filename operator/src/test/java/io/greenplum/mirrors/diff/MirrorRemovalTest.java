package io.greenplum.mirrors.diff;

import static io.greenplum.mirrors.TestObservation.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.diff.MirrorRemoval.Progress;
import io.greenplum.mirrors.diff.MirrorRemoval.Stage;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The removal of a MirrorSet's mirrors, one stage per pass, decided from what is observed. */
class MirrorRemovalTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final Duration GRACE = Duration.ofSeconds(30);
  static final Progress NOTHING = new Progress(null, false, false);

  /** The 2x2 cluster with its planned mirrors, each row as {@code row} makes it. */
  static SegmentConfiguration mirrored(UnaryOperator<Segment> row) {
    return TestClusters.withMirrors(TestClusters.gp7(2, 2), MirrorSetDiffTest.PLAN, row);
  }

  static Segment down(Segment s) {
    return TestClusters.with(s, s.role(), SegmentMode.NOT_IN_SYNC, SegmentStatus.DOWN);
  }

  static TestObservation seen(SegmentConfiguration cluster) {
    return TestObservation.of(cluster, TestMirrorSets.group().build()).now(NOW);
  }

  static Map<Integer, PodView> runningPods() {
    Map<Integer, PodView> pods = new TreeMap<>();
    for (int c = 0; c < 4; c++) {
      pods.put(c, pod(c, c + 6, false));
    }
    return pods;
  }

  @Test
  void firstEveryMirrorPodStops() {
    var step =
        MirrorRemoval.next(
            seen(mirrored(s -> s)).pods(runningPods()).volumes(0, 1, 2, 3).build(), NOTHING, GRACE);

    assertThat(step.stage()).isEqualTo(Stage.StopMirrors);
    assertThat(step.refusal()).isNull();
    assertThat(step.actions())
        .extracting(a -> ((Action.StopMirror) a).pod())
        .containsExactly("ms-m0", "ms-m1", "ms-m2", "ms-m3");
  }

  @Test
  void aProbeIsRequestedOnlyOnceTheGracePeriodHasPassed() {
    var stopped = seen(mirrored(s -> s)).volumes(0, 1, 2, 3).build();

    var early =
        MirrorRemoval.next(stopped, new Progress(NOW.minusSeconds(10), false, false), GRACE);
    var late = MirrorRemoval.next(stopped, new Progress(NOW.minusSeconds(31), false, false), GRACE);

    assertThat(early.stage()).isEqualTo(Stage.AwaitMarkedDown);
    assertThat(early.actions()).isEmpty();
    assertThat(early.message()).contains("grace period of 30 s");
    assertThat(late.actions()).containsExactly(new Action.RequestFtsProbe());
  }

  @Test
  void theRowsGoInOneTransactionOnceEveryMirrorIsMarkedDown() {
    var step =
        MirrorRemoval.next(
            seen(mirrored(MirrorRemovalTest::down)).volumes(0, 1, 2, 3).build(),
            new Progress(NOW.minusSeconds(40), false, false),
            GRACE);

    assertThat(step.stage()).isEqualTo(Stage.RemoveMirrorRows);
    assertThat(step.actions()).containsExactly(new Action.RemoveMirrorRows());
  }

  @Test
  void thenTheSlotsOfEveryPrimaryThenTheVolumes() {
    var unmirrored = TestClusters.gp7(2, 2);

    var slots =
        MirrorRemoval.next(
            seen(unmirrored).volumes(0, 1, 2, 3).build(), new Progress(NOW, true, false), GRACE);
    var volumes =
        MirrorRemoval.next(
            seen(unmirrored).volumes(0, 1, 2, 3).build(), new Progress(NOW, true, true), GRACE);
    var done = MirrorRemoval.next(seen(unmirrored).build(), new Progress(NOW, true, true), GRACE);

    assertThat(slots.stage()).isEqualTo(Stage.DropReplicationSlots);
    assertThat(((Action.DropReplicationSlots) slots.actions().get(0)).primaries())
        .extracting(Segment::content)
        .containsExactly(0, 1, 2, 3);
    assertThat(volumes.stage()).isEqualTo(Stage.DeleteVolumes);
    assertThat(volumes.actions()).hasSize(4).allMatch(a -> a instanceof Action.DeleteVolume);
    assertThat(done.stage()).isEqualTo(Stage.Done);
  }

  @Test
  void aMirrorsetThatNeverBuiltAnythingHasNoSlotToDrop() {
    var step = MirrorRemoval.next(seen(TestClusters.gp7(2, 2)).build(), NOTHING, GRACE);

    assertThat(step.stage()).isEqualTo(Stage.Done);
  }

  @Test
  void refusedWhileAMirrorActsAsPrimary() {
    var switched =
        mirrored(
            s ->
                s.content() == 2
                    ? TestClusters.with(s, Role.PRIMARY, SegmentMode.NOT_IN_SYNC, SegmentStatus.UP)
                    : s);

    var step =
        MirrorRemoval.next(
            seen(switched).pods(runningPods()).volumes(0, 1, 2, 3).build(), NOTHING, GRACE);

    assertThat(step.refusal()).isEqualTo("MirrorActsAsPrimary");
    assertThat(step.actions()).isEmpty();
    assertThat(step.message()).contains("content 2", "dbid 8", "gprecoverseg -r");
  }

  @Test
  void refusedForMirrorsThatAreNotThisMirrorSets() {
    var elsewhere =
        mirrored(
            s ->
                new Segment(
                    s.dbid(),
                    s.content(),
                    s.role(),
                    s.preferredRole(),
                    s.mode(),
                    s.status(),
                    s.port() + 100,
                    s.hostname(),
                    s.address(),
                    s.dataDirectory(),
                    null));

    var step = MirrorRemoval.next(seen(elsewhere).build(), NOTHING, GRACE);

    assertThat(step.refusal()).isEqualTo("MirrorsNotManaged");
    assertThat(step.actions()).isEmpty();
  }

  @Test
  void adoptedMirrorsRunningOutsideKubernetesAreWaitedForWithTheCommandToStopThem() {
    var step =
        MirrorRemoval.next(
            seen(mirrored(s -> s)).registered(Set.of()).build(),
            new Progress(NOW.minusSeconds(5), false, false),
            GRACE);

    assertThat(step.stage()).isEqualTo(Stage.AwaitMarkedDown);
    assertThat(step.message())
        .contains("run outside Kubernetes, stop them by hand")
        .contains("pg_ctl -D /data/mirror/gpseg0 stop -m fast");
  }
}
