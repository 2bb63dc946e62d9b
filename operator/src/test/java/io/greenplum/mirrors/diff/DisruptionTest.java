package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The one rule of disruption on MovesTest's observations (2 hosts x 2 primaries, every mirror to be
 * moved to /data/moved), every pair in sync and streaming unless said otherwise.
 */
class DisruptionTest {
  private static final String TOKEN = "now";

  /** Every pair s/u, content 2 failed over and its old primary recovered (roles switched). */
  private static SegmentConfiguration switched2(UnaryOperator<Segment> change) {
    return RebalanceTest.cluster(Set.of(2), change);
  }

  private static SegmentConfiguration switched2() {
    return switched2(s -> s);
  }

  /** The moves' observation, content 0's new host checked (its move may start). */
  private static TestObservation checked(SegmentConfiguration cluster) {
    Observation o = MovesTest.seen(cluster, v -> v, DeletionPolicy.Retain).build();
    return MovesTest.seen(cluster, v -> v, DeletionPolicy.Retain)
        .preflight(List.of(MovesTest.preflight0(o, MovesTest.VERSIONS + "ok 0 sdw1:6000\n")));
  }

  private static List<Action> pass(Observation o) {
    return MirrorSetDiff.diff(o, Rebalance.decide(o), Moves.decide(o));
  }

  @Test
  void aRebalanceAndAMoveAskedTogetherStopOneContentTheRebalanceFirst() {
    // Issue 22, sequence 2: both used to start in one pass (the acting primary stopped, and the
    // move of content 0 marked, its mirror stopped in the next pass).
    Observation o = checked(switched2()).rebalance(TOKEN, null).build();

    Disruption.Turn turn = Disruption.decide(o);
    List<Action> actions = pass(o);

    assertThat(turn.kind()).isEqualTo(Disruption.Kind.REBALANCE);
    assertThat(turn.content()).isEqualTo(2);
    assertThat(actions).filteredOn(a -> a instanceof Action.StopActingPrimary).hasSize(1);
    assertThat(actions)
        .as("the move waits")
        .noneMatch(
            a ->
                a instanceof Action.StopMirror
                    || a instanceof Action.AnnotateVolume v
                        && v.annotations().containsKey(Annotations.MOVING_TO));
    assertThat(Moves.decide(o).stage()).contains("a rebalance switches content 2 back first");
  }

  @Test
  void aMoveUnderWayHoldsItsContentAndEveryOtherChangeWaits() {
    UnaryOperator<VolumeView> mark0 =
        v -> v.content() == 0 ? MovesTest.marked(v, "sdw2|sdw2|7000|/data/moved/gpseg0") : v;
    // The pass after the move was marked: its mirror still runs in sync.
    Observation marked =
        MovesTest.seen(switched2(), mark0, DeletionPolicy.Retain)
            .rebalance(TOKEN, null)
            .templateHash("new")
            .build();

    Disruption.Turn turn = Disruption.decide(marked);

    assertThat(turn.kind()).isEqualTo(Disruption.Kind.MOVE);
    assertThat(turn.holds(0)).isTrue();
    assertThat(turn.holds(1)).isFalse();
    Rebalance.Progress rebalance = Rebalance.decide(marked).progress();
    assertThat(rebalance.stage()).isEqualTo(Rebalance.Stage.Waiting);
    assertThat(rebalance.message()).contains("the mirror of content 0 is being moved");
    assertThat(RollingUpdate.next(marked)).isEmpty();
    assertThat(pass(marked))
        .contains(new Action.StopMirror(0, "ms-m0"))
        .noneMatch(a -> a instanceof Action.StopActingPrimary || a instanceof Action.DeletePod);

    // Its mirror stopped and marked down: not recovered, nothing else stopped.
    Map<Integer, PodView> without0 = new TreeMap<>(marked.pods());
    without0.remove(0);
    Observation stopped =
        MovesTest.seen(
                switched2(
                    s ->
                        s.content() == 0 && s.preferredRole() == Role.MIRROR
                            ? MirrorRemovalTest.down(s)
                            : s),
                mark0,
                DeletionPolicy.Retain)
            .rebalance(TOKEN, null)
            .pods(without0)
            .templateHash("new")
            .build();
    assertThat(Disruption.decide(stopped).holds(0)).isTrue();
    assertThat(pass(stopped))
        .contains(new Action.MoveMirror(Moves.decide(stopped).planned().get(0)))
        .noneMatch(
            a ->
                a instanceof Action.StopActingPrimary
                    || a instanceof Action.DeletePod
                    || a instanceof Action.RecoverMirror
                    || a instanceof Action.CreateMirror);
  }

  @Test
  void movesComeBeforeRollsAndRollsComeLast() {
    Observation both = checked(RebalanceTest.cluster(Set.of())).templateHash("new").build();
    assertThat(Disruption.decide(both).kind()).isEqualTo(Disruption.Kind.MOVE);
    assertThat(pass(both)).noneMatch(a -> a instanceof Action.DeletePod);

    Observation rollOnly =
        TestObservation.of(
                MirrorRemovalTest.mirrored(s -> s),
                io.greenplum.mirrors.TestMirrorSets.group().build())
            .pods(MirrorRemovalTest.runningPods())
            .volumes(0, 1, 2, 3)
            .streaming(0, 1, 2, 3)
            .templateHash("new")
            .build();
    assertThat(Disruption.decide(rollOnly).kind()).isEqualTo(Disruption.Kind.ROLL);
    assertThat(pass(rollOnly)).filteredOn(a -> a instanceof Action.DeletePod).hasSize(1);
  }

  @Test
  void aPairOutOfSyncLetsNoChangeBeginButItsRecoveryGoesOn() {
    Map<Integer, PodView> without3 = new TreeMap<>(checked(switched2()).build().pods());
    without3.remove(3);
    Observation o =
        checked(
                switched2(
                    s ->
                        s.content() == 3 && s.preferredRole() == Role.MIRROR
                            ? MirrorRemovalTest.down(s)
                            : s))
            .rebalance(TOKEN, null)
            .templateHash("new")
            .pods(without3)
            .build();

    Disruption.Turn turn = Disruption.decide(o);
    List<Action> actions = pass(o);

    assertThat(turn.kind()).isNull();
    assertThat(turn.why()).isEqualTo("the pair of content 3 is n/d, not s/u");
    assertThat(actions)
        .noneMatch(
            a ->
                a instanceof Action.StopActingPrimary
                    || a instanceof Action.StopMirror
                    || a instanceof Action.DeletePod
                    || a instanceof Action.AnnotateVolume);
    assertThat(actions)
        .as("the down mirror is made again")
        .anyMatch(
            a ->
                a instanceof Action.RecoverMirror r && r.content() == 3
                    || a instanceof Action.CreateMirror c && c.mirror().content() == 3);
  }

  @Test
  void aMoveUnderWayWhoseNewPlaceAnEditMadeHeldIsCalledOff() {
    // Issue 22, sequence 1: the move waited for the holder, which waited for it, for ever.
    UnaryOperator<Segment> holder =
        s ->
            s.content() == 1 && s.role() == Role.MIRROR
                ? new Segment(
                    s.dbid(),
                    1,
                    s.role(),
                    s.preferredRole(),
                    s.mode(),
                    s.status(),
                    s.port(),
                    s.hostname(),
                    s.address(),
                    "/data/moved/gpseg0",
                    null)
                : s;
    UnaryOperator<VolumeView> mark0 =
        v -> v.content() == 0 ? MovesTest.marked(v, "sdw2|sdw2|7000|/data/other/gpseg0") : v;
    TestObservation base =
        MovesTest.seen(RebalanceTest.cluster(Set.of(), holder), mark0, DeletionPolicy.Retain);
    Map<Integer, PodView> without0 = new TreeMap<>(base.build().pods());
    without0.remove(0);
    Observation o =
        MovesTest.seen(
                RebalanceTest.cluster(
                    Set.of(),
                    s ->
                        s.content() == 0 && s.preferredRole() == Role.MIRROR
                            ? MirrorRemovalTest.down(s)
                            : holder.apply(s)),
                mark0,
                DeletionPolicy.Retain)
            .pods(without0)
            .build();

    Moves.Step step = Moves.decide(o);

    assertThat(step.current()).isNull();
    assertThat(step.actions())
        .anySatisfy(
            a ->
                assertThat(a)
                    .isInstanceOfSatisfying(
                        Action.AnnotateVolume.class,
                        v -> {
                          assertThat(v.reason()).isEqualTo("MirrorMoveCalledOff");
                          assertThat(v.annotations()).containsEntry(Annotations.MOVING_TO, null);
                          assertThat(v.message()).contains("held by dbid");
                        }));
    assertThat(step.actions()).noneMatch(a -> a instanceof Action.MoveMirror);
    assertThat(pass(o))
        .as("its mirror is started again where the catalog has it")
        .anyMatch(a -> a instanceof Action.CreateMirror c && c.mirror().content() == 0);
  }
}
