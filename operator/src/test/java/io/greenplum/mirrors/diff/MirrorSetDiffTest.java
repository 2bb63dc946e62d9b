package io.greenplum.mirrors.diff;

import static io.greenplum.mirrors.TestObservation.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
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

  /** The registered cluster after FTS promoted the mirror of content 0 (p/n/u, preferred m). */
  static SegmentConfiguration contentZeroActing() {
    List<Segment> rows = new ArrayList<>();
    for (Segment s : registered().segments()) {
      rows.add(
          s.content() == 0 && s.isPreferredMirror()
              ? TestClusters.with(s, Role.PRIMARY, SegmentMode.NOT_IN_SYNC, SegmentStatus.UP)
              : s);
    }
    return new SegmentConfiguration(UNMIRRORED.family(), rows);
  }

  /** The actions but the disruption budgets' (EvictionBudgetTest's). */
  static List<Action> withoutBudgets(List<Action> actions) {
    return actions.stream()
        .filter(a -> !(a instanceof Action.SetDisruptionBudgets || a instanceof Action.LabelRole))
        .toList();
  }

  /** The first action makes the pod of content 0's mirror, which acts as primary. */
  static void assertActingPrimaryOfContentZeroFirst(List<Action> actions) {
    assertThat(actions.get(0))
        .isInstanceOfSatisfying(
            Action.CreateMirror.class,
            a -> {
              assertThat(a.mirror().content()).isZero();
              assertThat(a.actingPrimary()).isTrue();
            });
  }

  static TestObservation seen(SegmentConfiguration cluster, int maxParallel) {
    return TestObservation.of(cluster, TestMirrorSets.group().maxParallel(maxParallel).build());
  }

  static PreflightView preflight(String host, String checks, String report) {
    return new PreflightView(
        "ms-preflight-" + host,
        host,
        checks,
        report == null ? "Running" : report.contains("refused") ? "Failed" : "Succeeded",
        report,
        report == null ? null : java.time.Instant.parse("2026-11-30T11:59:50Z"),
        null,
        java.time.Instant.parse("2026-11-30T11:59:40Z"));
  }

  static List<PreflightView> preflights(String sdw1Report, String sdw2Report) {
    List<Preflights.Target> targets = Preflights.targets(PLAN, "greenplum:7", "gpadmin");
    return List.of(
        preflight("sdw1", targets.get(0).checks(), sdw1Report),
        preflight("sdw2", targets.get(1).checks(), sdw2Report));
  }

  static final String GOOD_SDW1 =
      "postgres postgres (Greenplum Database) 7.1.0 build dev\n"
          + "pg_basebackup pg_basebackup (PostgreSQL) 12.12\nok 2 sdw2:6000\nok 3 sdw2:6001\n";
  static final String GOOD_SDW2 =
      "postgres postgres (Greenplum Database) 7.1.0 build dev\n"
          + "pg_basebackup pg_basebackup (PostgreSQL) 12.12\nok 0 sdw1:6000\nok 1 sdw1:6001\n";

  @Test
  void aClusterWithoutMirrorsIsFirstCheckedFromEveryMirrorHost() {
    List<Action> actions = MirrorSetDiff.diff(seen(UNMIRRORED, 2).build());

    assertThat(actions)
        .extracting(a -> ((Action.CreatePreflight) a).host())
        .containsExactly("sdw1", "sdw2");
    assertThat(((Action.CreatePreflight) actions.get(1)).primaries())
        .extracting(Segment::content)
        .containsExactly(0, 1);
  }

  @Test
  void theWholePlanIsRegisteredAtOnceOnlyWhenEveryHostPassed() {
    assertThat(
            MirrorSetDiff.diff(seen(UNMIRRORED, 2).preflight(preflights(GOOD_SDW1, null)).build()))
        .isEmpty();

    List<Action> passed =
        MirrorSetDiff.diff(seen(UNMIRRORED, 2).preflight(preflights(GOOD_SDW1, GOOD_SDW2)).build());

    assertThat(passed.get(0)).isEqualTo(new Action.RegisterMirrors(PLAN));
    assertThat(passed.subList(1, 3)).allMatch(a -> a instanceof Action.DeletePreflight);
  }

  @Test
  void aUserTablespaceRegistersNothingAndStartsNoPreflightWhateverTheHostsSay() {
    var spaced = seen(UNMIRRORED, 2).tablespace("fastdisk (/data/fast)");
    assertThat(MirrorSetDiff.diff(spaced.build())).isEmpty();
    assertThat(MirrorSetDiff.diff(spaced.preflight(preflights(GOOD_SDW1, GOOD_SDW2)).build()))
        .isEmpty();

    var finding =
        io.greenplum.mirrors.status.Findings.ofCluster(
            spaced.build(), TestMirrorSets.group().build());
    assertThat(finding)
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).isEqualTo("TablespacesNotSupported"))
        .satisfies(f -> assertThat(f.message()).contains("fastdisk (/data/fast)", "gpaddmirrors"));
  }

  @Test
  void aRefusedReplicationConnectionRegistersNothingUntilTheRetry() {
    String refused =
        "postgres postgres (Greenplum Database) 7.1.0 build dev\n"
            + "pg_basebackup pg_basebackup (PostgreSQL) 12.12\nok 0 sdw1:6000\nrefused 1 sdw1:6001"
            + " psql: error: FATAL:  no pg_hba.conf entry for replication connection from host"
            + " \"10.0.0.2\", user \"gpadmin\", SSL off\n";
    var failing = seen(UNMIRRORED, 2).preflight(preflights(GOOD_SDW1, refused));

    assertThat(MirrorSetDiff.diff(failing.build())).isEmpty();
    assertThat(Preflights.problems(failing.build()))
        .singleElement()
        .asString()
        .contains("content 1 (sdw1:6001)", "host replication gpadmin 10.0.0.2/32 trust");
    assertThat(
            MirrorSetDiff.diff(
                failing.now(java.time.Instant.parse("2026-11-30T12:05:00Z")).build()))
        .hasSize(2)
        .allMatch(a -> a instanceof Action.DeletePreflight);
  }

  @Test
  void aPreflightPodTheNodeDoesNotRunIsReported() {
    var stuck =
        seen(UNMIRRORED, 2)
            .preflight(preflights(GOOD_SDW1, null))
            .now(java.time.Instant.parse("2026-11-30T12:10:00Z"));

    assertThat(MirrorSetDiff.diff(stuck.build())).isEmpty();
    assertThat(Preflights.problems(stuck.build()))
        .singleElement()
        .asString()
        .contains(
            "ms-preflight-sdw2 on sdw2 has not ended after 300 s, recovery.stallTimeout (Running)");
  }

  @Test
  void podsAreCreatedNoFasterThanMaxParallelBaseBackups() {
    Map<Integer, PodView> pods = new TreeMap<>(Map.of(0, pod(0, 6, true)));

    List<Action> actions =
        withoutBudgets(
            MirrorSetDiff.diff(
                seen(registered(), 2)
                    .pods(pods)
                    .volumes(0)
                    .registered(Set.of(6, 7, 8, 9))
                    .build()));

    assertThat(actions)
        .singleElement()
        .isInstanceOfSatisfying(
            Action.CreateMirror.class,
            a -> {
              assertThat(a.mirror().content()).isEqualTo(1);
              assertThat(a.dbid()).isEqualTo(7);
              assertThat(a.volumeMissing()).isTrue();
              assertThat(a.createSlot()).isFalse();
            });
    pods.put(1, pod(1, 7, true));
    assertThat(
            withoutBudgets(
                MirrorSetDiff.diff(
                    seen(registered(), 2)
                        .pods(pods)
                        .volumes(0, 1)
                        .registered(Set.of(6, 7, 8, 9))
                        .build())))
        .isEmpty();
  }

  @Test
  void onGreenplum6TheOperatorCreatesTheSlotBeforeTheCopy() {
    List<Action> actions =
        withoutBudgets(
            MirrorSetDiff.diff(
                seen(registered(), 1)
                    .version(TestObservation.GP6)
                    .registered(Set.of(6, 7, 8, 9))
                    .build()));

    assertThat(actions)
        .singleElement()
        .isInstanceOfSatisfying(
            Action.CreateMirror.class, a -> assertThat(a.createSlot()).isTrue());
  }

  @Test
  void aMirrorAddedByGpaddmirrorsIsNeverRebuiltEvenWhenDown() {
    assertThat(MirrorSetDiff.diff(seen(registered(), 4).build())).isEmpty();
  }

  @Test
  void aConflictBlocksRegistrationOnlyTheMirrorSetsOwnMirrorsAreStillLookedAfter() {
    // The spec now asks for other ports: every content is mirrored otherwise (Conflict).
    var seen =
        TestObservation.of(registered(), TestMirrorSets.group().mirrorBase(9000).build())
            .volumes(0, 1, 2, 3)
            .build();

    List<Action> actions = MirrorSetDiff.diff(seen);

    assertThat(seen.plan().existing().state())
        .isEqualTo(io.greenplum.mirrors.plan.ExistingMirrors.State.DIFFERS_FROM_PLAN);
    assertThat(actions)
        .filteredOn(a -> a instanceof Action.CreateMirror)
        .hasSize(4)
        .allSatisfy(
            a ->
                assertThat(((Action.CreateMirror) a).mirror().port())
                    .as("built from the catalog row, not the plan")
                    .isBetween(7000, 7001));
  }

  @Test
  void aPodIsRecreatedOnTheVolumeOfItsDbidOnly() {
    var seen = seen(registered(), 4).volume(0, 6).volume(1, 3).registered(Set.of()).build();

    List<Action> actions = MirrorSetDiff.diff(seen);

    assertThat(actions)
        .filteredOn(a -> a instanceof Action.CreateMirror)
        .singleElement()
        .isInstanceOfSatisfying(
            Action.CreateMirror.class,
            a -> {
              assertThat(a.mirror().content()).isZero();
              assertThat(a.volume()).isEqualTo("ms-m0-d6");
              assertThat(a.volumeMissing()).isFalse();
            });
    assertThat(actions)
        .as("the pod of a built mirror FTS marked down is made again: its incremental recovery")
        .contains(
            new Action.RecoverMirror(
                0,
                6,
                null,
                "ms-m0-d6",
                false,
                "its pod is missing; it is made again on its volume"));
    assertThat(seen.staleVolumes()).extracting(VolumeView::name).containsExactly("ms-m1-d3");
  }

  @Test
  void aLostPodOfAMirrorActingAsPrimaryComesBackAsItIs() {
    var cluster = contentZeroActing();

    List<Action> actions =
        MirrorSetDiff.diff(seen(cluster, 1).volumes(0).pods(Map.of(1, pod(1, 7, false))).build());

    assertThat(actions)
        .filteredOn(a -> a instanceof Action.CreateMirror)
        .singleElement()
        .isInstanceOfSatisfying(
            Action.CreateMirror.class, a -> assertThat(a.actingPrimary()).isTrue());
  }

  @Test
  void anActingPrimarysPodIsMadeFirstWhateverTheCopiesUnderWay() {
    var cluster = contentZeroActing();
    // maxParallel 1, and content 1 copies: the budget is spent.
    List<Action> actions =
        MirrorSetDiff.diff(
            seen(cluster, 1).volumes(0, 1, 2).pods(Map.of(1, pod(1, 7, true))).build());

    assertActingPrimaryOfContentZeroFirst(actions);
    assertThat(actions)
        .as("no other pod while the copy of content 1 holds the only slot")
        .filteredOn(a -> a instanceof Action.CreateMirror)
        .hasSize(1);
  }

  @Test
  void anInvalidSpecHoldsRegistrationButNeverTheCareOfRegisteredMirrors() {
    var ready = seen(UNMIRRORED, 2).preflight(preflights(GOOD_SDW1, GOOD_SDW2)).build();
    assertThat(MirrorSetDiff.diff(ready, Rebalance.decide(ready), Moves.decide(ready), true))
        .as("nothing registered, no preflight started")
        .noneMatch(a -> a instanceof Action.RegisterMirrors || a instanceof Action.CreatePreflight);

    var acting = seen(contentZeroActing(), 1).volumes(0, 1, 2, 3).build();
    List<Action> actions =
        MirrorSetDiff.diff(acting, Rebalance.decide(acting), Moves.Step.none(), true);
    assertActingPrimaryOfContentZeroFirst(actions);
    assertThat(actions).filteredOn(a -> a instanceof Action.CreateMirror).hasSize(2);
  }

  @Test
  void aCopyStuckBeforeItStartsHoldsNoSlot() {
    var stuck =
        new PodView(
            "ms-m1",
            1,
            7,
            "Pending",
            PodView.Step.WAITING,
            false,
            false,
            "ImagePullBackOff",
            false,
            null,
            false,
            "ImagePullBackOff: Back-off pulling image \"greenplum:7\"");
    assertThat(stuck.isCopying()).as("still reported as copying").isTrue();
    assertThat(stuck.holdsCopySlot()).isFalse();
    assertThat(pod(1, 7, true).holdsCopySlot()).isTrue();

    List<Action> actions =
        MirrorSetDiff.diff(seen(registered(), 1).volumes(0, 1).pods(Map.of(1, stuck)).build());

    assertThat(actions)
        .filteredOn(a -> a instanceof Action.CreateMirror)
        .extracting(a -> ((Action.CreateMirror) a).mirror().content())
        .containsExactly(0);
  }

  @Test
  void aPodBuiltForAnotherDbidIsReplacedAndAFailedPodToo() {
    Map<Integer, PodView> pods = new TreeMap<>();
    pods.put(0, pod(0, 99, false));
    pods.put(
        1,
        new PodView(
            "ms-m1",
            1,
            7,
            "Failed",
            PodView.Step.SUCCEEDED,
            false,
            false,
            "Evicted",
            false,
            null,
            false,
            null));
    pods.put(2, pod(2, 8, false));
    pods.put(3, pod(3, 9, false));

    List<Action> actions =
        withoutBudgets(
            MirrorSetDiff.diff(seen(registered(), 4).pods(pods).volumes(0, 1, 2, 3).build()));

    assertThat(actions)
        .first()
        .isEqualTo(
            new Action.RecoverMirror(
                1,
                7,
                "ms-m1",
                "ms-m1-d7",
                false,
                "FTS marked it down; its pod ms-m1 does not run (Evicted): restarted on its volume"));
    assertThat(actions.get(1))
        .isInstanceOfSatisfying(
            Action.DeletePod.class, d -> assertThat(d.why()).contains("built for dbid 99"));
    assertThat(actions).hasSize(2);
  }

  @Test
  void ownerReferencesOfAnEarlierReleaseAreRemoved() {
    var legacy =
        new PodView(
            "ms-m0",
            0,
            6,
            "Running",
            PodView.Step.SUCCEEDED,
            true,
            true,
            null,
            false,
            null,
            true,
            null);
    var volume = new VolumeView("ms-m0", 0, 6, false, true, null);

    assertThat(MirrorSetDiff.releaseOwnership(Map.of(0, legacy), List.of(volume)))
        .containsExactly(
            new Action.ReleaseOwnership("Pod", "ms-m0"),
            new Action.ReleaseOwnership("PersistentVolumeClaim", "ms-m0"));
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
            "none",
            null);

    assertThat(
            withoutBudgets(
                MirrorSetDiff.diff(
                    seen(registered(), 4)
                        .pods(pods)
                        .volumes(0, 1, 2, 3)
                        .replication(List.of(streaming))
                        .build())))
        .containsExactly(new Action.RequestFtsProbe());
  }
}
