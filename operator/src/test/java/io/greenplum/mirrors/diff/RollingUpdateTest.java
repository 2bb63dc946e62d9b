package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The rolling update's decisions on observations, without a cluster. */
class RollingUpdateTest {
  static final String OLD = "aaaaaaaa";
  static final String NEW = "bbbbbbbb";

  private static TestObservation seen(UnaryOperator<Segment> row, String... hashes) {
    Map<Integer, PodView> pods = new TreeMap<>();
    List<ReplicationRow> streaming = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      PodView p = TestObservation.pod(c, c + 6, false);
      pods.put(
          c,
          new PodView(
              p.name(),
              c,
              p.dbid(),
              p.phase(),
              p.baseBackup(),
              true,
              true,
              null,
              false,
              "kept: complete copy",
              false,
              null,
              hashes[c],
              null,
              null,
              "mirror"));
      streaming.add(
          new ReplicationRow(
              c,
              "gp_walreceiver",
              "streaming",
              "0/1",
              "0/1",
              "0/1",
              "0/1",
              1,
              "sync",
              "none",
              null));
    }
    return MirrorRemovalTest.seen(MirrorRemovalTest.mirrored(row))
        .pods(pods)
        .volumes(0, 1, 2, 3)
        .replication(streaming)
        .templateHash(NEW);
  }

  @Test
  void theFirstOutOfDateMirrorIsRolledWhenEveryPairIsInSync() {
    Observation o = seen(s -> s, NEW, OLD, OLD, NEW).build();

    assertThat(RollingUpdate.next(o)).get().extracting(Action.DeletePod::content).isEqualTo(1);
    RollingUpdate.Progress p = RollingUpdate.progress(o);
    assertThat(p.updated()).isEqualTo(2);
    assertThat(p.total()).isEqualTo(4);
    assertThat(p.pending()).containsExactly("content 1", "content 2");
    assertThat(p.paused()).isNull();
    assertThat(MirrorSetDiff.diff(o))
        .filteredOn(a -> a instanceof Action.DeletePod)
        .as("one pod per pass")
        .hasSize(1);
  }

  @Test
  void aPairOutOfSyncPausesTheRollout() {
    Observation o =
        seen(s -> s.content() == 3 ? MirrorRemovalTest.down(s) : s, OLD, OLD, OLD, OLD).build();

    assertThat(RollingUpdate.next(o)).isEmpty();
    assertThat(RollingUpdate.progress(o).paused()).contains("content 3 is n/d, not s/u");
  }

  @Test
  void aMirrorThatIsNotStreamingYetPausesTheRollout() {
    TestObservation t = seen(s -> s, NEW, OLD, OLD, OLD);
    t.replication(List.of());
    assertThat(RollingUpdate.next(t.build())).isEmpty();
    assertThat(RollingUpdate.progress(t.build()).paused()).contains("not streaming");
  }

  @Test
  void anActingPrimaryIsPendingAndNeverStopped() {
    Observation o =
        seen(
                s ->
                    s.content() == 0
                        ? TestClusters.with(
                            s, Role.PRIMARY, SegmentMode.SYNCHRONIZED, SegmentStatus.UP)
                        : s,
                OLD,
                NEW,
                NEW,
                NEW)
            .build();

    assertThat(RollingUpdate.next(o)).isEmpty();
    assertThat(RollingUpdate.progress(o).pending())
        .containsExactly("content 0 (acts as primary: after a rebalance)");
  }

  @Test
  void withoutATemplateHashNothingIsRolled() {
    Observation o = seen(s -> s, OLD, OLD, OLD, OLD).templateHash(null).build();
    assertThat(RollingUpdate.next(o)).isEmpty();
    assertThat(RollingUpdate.progress(o).done()).isTrue();
  }
}
