package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Rebalance on request: one content at a time, only while every pair is in sync. */
class RebalanceTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final String TOKEN = "2026-11-30T11:59";

  /**
   * Every pair s/u; the contents in {@code switched} with roles switched (ours acts as primary).
   */
  static SegmentConfiguration cluster(Set<Integer> switched, UnaryOperator<Segment> change) {
    SegmentConfiguration mirrored = MirrorRemovalTest.mirrored(s -> s);
    List<Segment> rows =
        mirrored.segments().stream()
            .map(
                s -> {
                  if (s.isCoordinatorOrStandby()) {
                    return s;
                  }
                  Role role = s.preferredRole();
                  if (switched.contains(s.content())) {
                    role = role == Role.PRIMARY ? Role.MIRROR : Role.PRIMARY;
                  }
                  return change.apply(
                      TestClusters.with(s, role, SegmentMode.SYNCHRONIZED, SegmentStatus.UP));
                })
            .toList();
    return new SegmentConfiguration(mirrored.family(), rows);
  }

  static SegmentConfiguration cluster(Set<Integer> switched) {
    return cluster(switched, s -> s);
  }

  static TestObservation seen(SegmentConfiguration cluster, Rebalance.Progress before) {
    return TestObservation.of(cluster, TestMirrorSets.group().build())
        .pods(MirrorRemovalTest.runningPods())
        .volumes(0, 1, 2, 3)
        .streaming(0, 1, 2, 3)
        .rebalance(TOKEN, before)
        .now(NOW);
  }

  static Rebalance.Progress at(Rebalance.Stage stage, Integer content, Instant since) {
    return new Rebalance.Progress(TOKEN, stage, content, since, List.of(), "before");
  }

  @Test
  void withoutARequestNothingHappensAndNoProgressIsShown() {
    var step =
        Rebalance.decide(
            TestObservation.of(cluster(Set.of(0)), TestMirrorSets.group().build())
                .volumes(0, 1, 2, 3)
                .build());

    assertThat(step.actions()).isEmpty();
    assertThat(step.progress()).isNull();
  }

  @Test
  void aRewindThatWouldBeRefusedStopsNothingAndSaysWhy() {
    var step =
        Rebalance.decide(
            seen(cluster(Set.of(0)), null)
                .rewindRefused(0, "the cluster has neither data checksums nor wal_log_hints = on")
                .build());

    assertThat(step.actions()).isEmpty();
    assertThat(step.promoting()).isNull();
    assertThat(step.progress().stage()).isEqualTo(Rebalance.Stage.Waiting);
    assertThat(step.progress().message())
        .startsWith("refused, nothing is stopped: dbid ")
        .contains("neither data checksums");
  }

  @Test
  void whatARewindWouldMeetIsReadOnlyForTheActingPrimariesOfAPendingRequest() {
    assertThat(Rebalance.toCheck(seen(cluster(Set.of(0, 2)), null).build()).keySet())
        .containsExactly(0, 2);
    assertThat(
            Rebalance.toCheck(
                TestObservation.of(cluster(Set.of(0)), TestMirrorSets.group().build())
                    .volumes(0, 1, 2, 3)
                    .build()))
        .as("no request")
        .isEmpty();
    assertThat(
            Rebalance.toCheck(
                seen(cluster(Set.of(0)), at(Rebalance.Stage.Promoting, 0, NOW)).build()))
        .as("a content in flight")
        .isEmpty();
  }

  @Test
  void aRequestStopsTheActingPrimaryOfTheFirstSwitchedContentAndAsksForAProbe() {
    var step = Rebalance.decide(seen(cluster(Set.of(0, 2)), null).build());

    assertThat(step.actions())
        .containsExactly(
            new Action.StopActingPrimary(0, 6, "ms-m0", step.progress().message()),
            new Action.RequestFtsProbe());
    assertThat(step.progress().stage()).isEqualTo(Rebalance.Stage.Promoting);
    assertThat(step.progress().content()).isEqualTo(0);
    assertThat(step.progress().message()).contains("fast shutdown", "FTS promotes dbid 2");
    assertThat(step.promoting()).isEqualTo(0);
  }

  @Test
  void aPairNotInSyncAnywhereMakesTheRequestWait() {
    SegmentConfiguration cluster =
        cluster(
            Set.of(0),
            s ->
                s.content() == 3 && s.preferredRole() == Role.MIRROR
                    ? TestClusters.with(s, Role.MIRROR, SegmentMode.NOT_IN_SYNC, SegmentStatus.UP)
                    : s);

    var step = Rebalance.decide(seen(cluster, null).build());

    assertThat(step.actions()).isEmpty();
    assertThat(step.progress().stage()).isEqualTo(Rebalance.Stage.Waiting);
    assertThat(step.progress().message()).contains("content 3", "not in sync");
  }

  @Test
  void aDownOldPrimaryIsNotOursAndTheWaitSaysToRunGprecoversegA() {
    SegmentConfiguration cluster =
        cluster(
            Set.of(1),
            s ->
                s.content() == 1 && s.preferredRole() == Role.PRIMARY
                    ? TestClusters.with(s, Role.MIRROR, SegmentMode.NOT_IN_SYNC, SegmentStatus.DOWN)
                    : s);

    var step = Rebalance.decide(seen(cluster, null).build());

    assertThat(step.actions()).isEmpty();
    assertThat(step.progress().stage()).isEqualTo(Rebalance.Stage.Waiting);
    assertThat(step.progress().message())
        .contains("old primary dbid 3", "is not this MirrorSet's", "gprecoverseg -a");
  }

  @Test
  void whilePromotingThePodIsNotMadeAgainAndProbesAreAsked() {
    Map<Integer, PodView> pods = new TreeMap<>(MirrorRemovalTest.runningPods());
    pods.remove(0);
    Observation seen =
        seen(cluster(Set.of(0)), at(Rebalance.Stage.Promoting, 0, NOW.minusSeconds(3)))
            .pods(pods)
            .build();

    var step = Rebalance.decide(seen);
    List<Action> actions = MirrorSetDiffTest.withoutBudgets(MirrorSetDiff.diff(seen, step));

    assertThat(step.promoting()).isEqualTo(0);
    assertThat(actions).containsExactly(new Action.RequestFtsProbe());
  }

  @Test
  void oncePromotedOurPodIsMadeAgainAsAMirrorThatRewindsEvenWithoutAutomaticRecovery() {
    SegmentConfiguration promoted =
        cluster(
            Set.of(),
            s ->
                s.content() == 0
                    ? TestClusters.with(
                        s,
                        s.preferredRole(),
                        SegmentMode.NOT_IN_SYNC,
                        s.preferredRole() == Role.MIRROR ? SegmentStatus.DOWN : SegmentStatus.UP)
                    : s);
    Map<Integer, PodView> pods = new TreeMap<>(MirrorRemovalTest.runningPods());
    pods.remove(0);
    Observation seen =
        seen(promoted, at(Rebalance.Stage.Promoting, 0, NOW.minusSeconds(5)))
            .pods(pods)
            .history(0, "ActingAsPrimary", NOW.minusSeconds(60))
            .recovery(
                new Observation.Recovery(
                    false, false, Duration.ofMinutes(10), Duration.ofMinutes(5)))
            .build();

    var step = Rebalance.decide(seen);
    List<Action> actions = MirrorSetDiff.diff(seen, step);

    assertThat(step.progress().stage()).isEqualTo(Rebalance.Stage.Rewinding);
    assertThat(step.progress().message()).contains("dbid 2", "is the primary again", "pg_rewind");
    assertThat(actions)
        .filteredOn(a -> a instanceof Action.CreateMirror)
        .singleElement()
        .satisfies(
            a -> {
              Action.CreateMirror create = (Action.CreateMirror) a;
              assertThat(create.mirror().content()).isZero();
              assertThat(create.actingPrimary()).isFalse();
              assertThat(create.rewind()).isTrue();
            });
    assertThat(actions).noneMatch(a -> a instanceof Action.RecoverMirror);
  }

  @Test
  void noPromotionWithinTheTimeoutStartsOursAgainAsTheActingPrimary() {
    Map<Integer, PodView> pods = new TreeMap<>(MirrorRemovalTest.runningPods());
    pods.remove(0);
    Observation seen =
        seen(
                cluster(Set.of(0)),
                at(
                    Rebalance.Stage.Promoting,
                    0,
                    NOW.minus(Rebalance.PROMOTION_TIMEOUT).minusSeconds(1)))
            .pods(pods)
            .build();

    var step = Rebalance.decide(seen);
    List<Action> actions = MirrorSetDiff.diff(seen, step);

    assertThat(step.progress().stage()).isEqualTo(Rebalance.Stage.Failed);
    assertThat(step.progress().message()).contains("FTS did not promote dbid 2");
    assertThat(actions)
        .filteredOn(a -> a instanceof Action.CreateMirror)
        .singleElement()
        .satisfies(a -> assertThat(((Action.CreateMirror) a).actingPrimary()).isTrue());
  }

  @Test
  void aContentInSyncAgainIsCountedAndTheNextOneStarts() {
    var step =
        Rebalance.decide(
            seen(cluster(Set.of(3)), at(Rebalance.Stage.Rewinding, 0, NOW.minusSeconds(20)))
                .build());

    assertThat(step.progress().rebalanced()).containsExactly(0);
    assertThat(step.progress().stage()).isEqualTo(Rebalance.Stage.Promoting);
    assertThat(step.progress().content()).isEqualTo(3);
  }

  @Test
  void whenNothingIsSwitchedTheRequestIsDoneAndStaysAnswered() {
    var done =
        Rebalance.decide(
            seen(cluster(Set.of()), at(Rebalance.Stage.Rewinding, 1, NOW.minusSeconds(20)))
                .build());

    assertThat(done.progress().stage()).isEqualTo(Rebalance.Stage.Done);
    assertThat(done.progress().rebalanced()).containsExactly(1);

    // A later failover is not switched back under the same request: it needs a new one.
    var later = Rebalance.decide(seen(cluster(Set.of(2)), done.progress()).build());
    assertThat(later.actions()).isEmpty();
    assertThat(later.progress()).isEqualTo(done.progress());
  }

  @Test
  void aRewindThatDoesNotSyncWithinTheIncrementalTimeoutIsLeftToRecovery() {
    SegmentConfiguration down =
        cluster(
            Set.of(),
            s ->
                s.content() == 0 && s.preferredRole() == Role.MIRROR
                    ? TestClusters.with(s, Role.MIRROR, SegmentMode.NOT_IN_SYNC, SegmentStatus.DOWN)
                    : s);

    var waiting =
        Rebalance.decide(
            seen(down, at(Rebalance.Stage.Rewinding, 0, NOW.minusSeconds(60))).build());
    var late =
        Rebalance.decide(
            seen(down, at(Rebalance.Stage.Rewinding, 0, NOW.minus(Duration.ofMinutes(11))))
                .build());

    assertThat(waiting.rewinding()).isEqualTo(0);
    assertThat(waiting.holds(0)).isTrue();
    assertThat(late.progress().stage()).isEqualTo(Rebalance.Stage.Failed);
    assertThat(late.holds(0)).isFalse();
  }
}
