package io.greenplum.mirrors.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.diff.BaseBackupLog;
import io.greenplum.mirrors.diff.Observation;
import io.greenplum.mirrors.diff.PodView;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Status derived from the states the real cluster showed (fixtures/gp7-real). */
class StatusBuilderTest {
  @Test
  void aConditionMessageIsCappedHoweverLongItsFindings() {
    String huge = "x".repeat(10_000);
    List<Finding> findings = List.of(Finding.degraded("A", huge), Finding.degraded("B", huge));
    String message = StatusBuilder.messages(findings);
    assertThat(message.length()).isBetween(StatusBuilder.MAX_MESSAGE_CHARS - 40, 2048);
    assertThat(message).endsWith("more characters)");
    assertThat(StatusBuilder.messages(List.of(Finding.degraded("A", "short")))).isEqualTo("short");
  }

  static final Instant T0 = Instant.parse("2026-11-24T02:53:15Z");

  static SegmentConfiguration state(String file) throws Exception {
    return SegmentConfigurationReader.read(Fixtures.read("gp7-real/" + file));
  }

  static Observation seen(
      SegmentConfiguration cluster,
      List<ReplicationRow> rep,
      Map<Integer, PodView> pods,
      Set<Integer> volumes,
      Map<Integer, BaseBackupLog> logs) {
    var spec =
        TestMirrorSets.group()
            .allowSameHost()
            .offset(3)
            .dataDirectories(
                "/data/gpdemo/dbfast_mirror1",
                "/data/gpdemo/dbfast_mirror2",
                "/data/gpdemo/dbfast_mirror3")
            .build();
    return TestObservation.of(cluster, spec)
        .replication(rep)
        .pods(pods)
        .volumes(volumes.stream().mapToInt(Integer::intValue).toArray())
        .logs(logs)
        .build();
  }

  static PodView pod(int content, PodView.Step init, boolean running) {
    return new PodView(
        "prod-m" + content,
        content,
        content + 5,
        running ? "Running" : "Pending",
        init,
        running,
        running,
        null,
        false,
        null,
        false,
        null);
  }

  static Map<Integer, PodView> pods(PodView.Step init, boolean running) {
    Map<Integer, PodView> pods = new TreeMap<>();
    for (int c = 0; c < 3; c++) {
      pods.put(c, pod(c, init, running));
    }
    return pods;
  }

  static ReplicationRow streaming(
      int content, String state, String sent, String replay, String sync) {
    return new ReplicationRow(
        content,
        "gp_walreceiver",
        state,
        sent,
        sent,
        sent,
        replay,
        "sync".equals(sync) ? 1 : 0,
        sync,
        "none",
        null);
  }

  static MirrorSetStatus build(Observation seen, MirrorSetStatus previous, Instant now) {
    return StatusBuilder.build(
        new StatusBuilder.Input(2, false, "7.0.0", seen, List.of(), h -> h, previous, now));
  }

  @Test
  void aMirrorStoppedForItsMoveLongerThanTheStallTimeoutIsStalled() {
    java.util.function.UnaryOperator<io.greenplum.mirrors.diff.VolumeView> mark0 =
        v ->
            v.content() == 0
                ? io.greenplum.mirrors.diff.MovesTest.marked(v, "sdw2|sdw2|7000|/data/moved/gpseg0")
                : v;
    java.util.function.UnaryOperator<io.greenplum.mirrors.model.Segment> down0 =
        s ->
            s.content() == 0
                ? io.greenplum.mirrors.TestClusters.with(
                    s,
                    s.role(),
                    io.greenplum.mirrors.model.SegmentMode.NOT_IN_SYNC,
                    io.greenplum.mirrors.model.SegmentStatus.DOWN)
                : s;
    var base =
        io.greenplum.mirrors.diff.MovesTest.seen(
            down0, mark0, io.greenplum.mirrors.api.DeletionPolicy.Retain);
    Map<Integer, PodView> pods = new java.util.TreeMap<>(base.build().pods());
    pods.remove(0);
    Instant now = Instant.parse("2026-12-03T12:00:00Z");
    Observation seen =
        io.greenplum.mirrors.diff.MovesTest.seen(
                down0, mark0, io.greenplum.mirrors.api.DeletionPolicy.Retain)
            .pods(pods)
            .now(now)
            .build();
    MirrorSetStatus fresh = build(seen, null, now);
    assertThat(fresh.getMirrors().get(0).getState()).isEqualTo("Moving");

    MirrorSetStatus later = build(seen, fresh, now.plus(java.time.Duration.ofMinutes(6)));

    MirrorStatus row = later.getMirrors().get(0);
    assertThat(row.getState()).isEqualTo("Stalled");
    assertThat(row.getMessage()).startsWith("no progress for 360 s: moving content 0: ");
    assertThat(later.getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Degraded");
              assertThat(c.getStatus()).isEqualTo("True");
            });
  }

  @Test
  void eachListedMoveSaysWhatItWouldCopy() {
    java.util.function.UnaryOperator<io.greenplum.mirrors.diff.VolumeView> sized0 =
        v ->
            v.content() != 0
                ? v
                : new io.greenplum.mirrors.diff.VolumeView(
                    v.name(),
                    v.content(),
                    v.dbid(),
                    false,
                    false,
                    null,
                    v.location(),
                    null,
                    false,
                    null,
                    null,
                    null,
                    v.completeCopy(),
                    1258291L);
    Observation seen =
        io.greenplum.mirrors.diff.MovesTest.seen(
                s -> s, sized0, io.greenplum.mirrors.api.DeletionPolicy.Retain)
            .movesNotApproved()
            .build();
    MirrorSetStatus status = build(seen, null, T0);

    assertThat(status.getMoves()).hasSize(4);
    assertThat(status.getMoves().get(0))
        .startsWith("content 0: ")
        .endsWith(" (a full copy of about 1.2 GiB, its last copy's size)");
    assertThat(status.getMoves().get(1))
        .endsWith(" (a full copy; its size is not known: no copy made on its volume was measured)");
    var portOnly =
        new io.greenplum.mirrors.diff.Moves.Move(
            3,
            9,
            new io.greenplum.mirrors.plan.MirrorLocation("sdw1", "sdw1", 7000, "/data/m/gpseg3"),
            new io.greenplum.mirrors.plan.MirrorLocation("sdw1", "sdw1", 7500, "/data/m/gpseg3"));
    assertThat(StatusBuilder.listed(seen, portOnly))
        .isEqualTo(
            "content 3: sdw1:7000 /data/m/gpseg3 -> sdw1:7500 /data/m/gpseg3 (only the port"
                + " changes: nothing copied)");
    assertThat(StatusBuilder.size(900)).isEqualTo("900 kB");
    assertThat(StatusBuilder.size(29169)).isEqualTo("28.5 MiB");
  }

  @Test
  void aRebalanceThatWaitsLongerThanTheStallTimeoutDegradesTheMirrorSet() throws Exception {
    Observation seen =
        seen(
            state("03-synchronized.txt"),
            List.of(),
            pods(PodView.Step.SUCCEEDED, true),
            Set.of(0, 1, 2),
            Map.of());
    Instant since = Instant.parse("2026-12-03T12:00:00Z");
    var waiting =
        io.greenplum.mirrors.diff.Rebalance.Step.quiet(
            new io.greenplum.mirrors.diff.Rebalance.Progress(
                "r1",
                io.greenplum.mirrors.diff.Rebalance.Stage.Waiting,
                null,
                since,
                List.of(),
                "refused, nothing is stopped: dbid 6 could not be rewound into a mirror"));
    java.util.function.Function<Instant, MirrorSetStatus> at =
        now ->
            StatusBuilder.build(
                new StatusBuilder.Input(
                    2, false, "7.0.0", seen, List.of(), h -> h, null, now, Map.of(), waiting));

    assertThat(at.apply(since.plusSeconds(299)).getPhase()).isNotEqualTo("Degraded");
    MirrorSetStatus stalled = at.apply(since.plusSeconds(300));

    assertThat(stalled.getPhase()).isEqualTo("Degraded");
    assertThat(stalled.getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Degraded");
              assertThat(c.getReason()).isEqualTo("RebalanceStalled");
              assertThat(c.getMessage())
                  .isEqualTo(
                      "the rebalance asked for by greenplum.io/rebalance=r1 has waited 300 s"
                          + " (longer than recovery.stallTimeout): refused, nothing is stopped:"
                          + " dbid 6 could not be rewound into a mirror");
            });
  }

  @Test
  void aCopyThatProgressedTwiceHasAnEtaAtThePaceOfItsLastStep() throws Exception {
    var registered = state("02-registered-not-streaming.txt");
    java.util.function.Function<String, Observation> copying =
        line ->
            seen(
                registered,
                List.of(),
                pods(PodView.Step.RUNNING, false),
                Set.of(0, 1, 2),
                Map.of(0, BaseBackupLog.parse(line)));
    Observation at30 = copying.apply(" 8806/29159 kB (30%), 0/1 tablespace");
    Observation at40 = copying.apply(" 11664/29159 kB (40%), 0/1 tablespace");

    MirrorSetStatus first = build(at30, null, T0);
    MirrorSetStatus second = build(at40, first, T0.plusSeconds(10));
    MirrorSetStatus still = build(at40, second, T0.plusSeconds(15));

    assertThat(first.getMirrors().get(0).getCopyEta()).as("one point is no pace").isNull();
    // 27% to 36% in 10 s; 54 points to go to the copy's end (90%): 60 s more.
    assertThat(second.getMirrors().get(0).getCopyEta()).isEqualTo(T0.plusSeconds(70).toString());
    assertThat(still.getMirrors().get(0).getCopyEta()).isEqualTo(T0.plusSeconds(70).toString());
    assertThat(second.getMirrors().get(1).getCopyEta()).as("no progress line").isNull();
  }

  @Test
  void registeredMirrorsWhosePodsCopyReportTheBaseBackupProgress() throws Exception {
    Observation seen =
        seen(
            state("02-registered-not-streaming.txt"),
            List.of(),
            pods(PodView.Step.RUNNING, false),
            Set.of(0, 1, 2),
            Map.of(0, BaseBackupLog.parse(" 8806/29159 kB (30%), 0/1 tablespace")));

    MirrorSetStatus status = build(seen, null, T0);

    assertThat(status.getMirrors())
        .extracting(MirrorStatus::getState)
        .containsExactly("CopyingFromPrimary", "CopyingFromPrimary", "CopyingFromPrimary");
    assertThat(status.getMirrors().get(0).getPercent()).isEqualTo(27);
    assertThat(status.getMirrors().get(0).getDbid()).isEqualTo(5);
    assertThat(status.getPhase()).isEqualTo("Provisioning");
    assertThat(Conditions.find(status.getConditions(), Conditions.PROGRESSING).getReason())
        .isEqualTo("Copying");
    assertThat(status.getReady()).isZero();
  }

  @Test
  void aCatchingUpMirrorShowsItsReplayLagAndSinceWhenItIsOutOfSync() throws Exception {
    ReplicationRow lagging =
        new ReplicationRow(
            0,
            "gp_walreceiver",
            "catchup",
            "0/2A100000",
            "0/28000000",
            "0/28000000",
            "0/1A2F34C8",
            0,
            "async",
            "none",
            2.67636);
    Observation catchingUp =
        seen(
            state("02-registered-not-streaming.txt"),
            List.of(lagging),
            pods(PodView.Step.SUCCEEDED, true),
            Set.of(0, 1, 2),
            Map.of());

    MirrorSetStatus first = build(catchingUp, null, T0);
    MirrorSetStatus later = build(catchingUp, first, T0.plusSeconds(5));

    // rep-03-catchup.txt: replay_lag 00:00:02.67636 on content 0, shown in tenths.
    assertThat(first.getMirrors().get(0).getReplayLagSeconds()).isEqualTo(2.7);
    assertThat(first.getMirrors().get(1).getReplayLagSeconds()).isNull();
    assertThat(later.getMirrors())
        .extracting(MirrorStatus::getNotInSyncSince)
        .containsOnly(T0.toString());

    Observation synced =
        seen(
            state("03-synchronized.txt"),
            List.of(streaming(0, "streaming", "0/4771B260", "0/4771B260", "sync")),
            pods(PodView.Step.SUCCEEDED, true),
            Set.of(0, 1, 2),
            Map.of());
    MirrorSetStatus done = build(synced, later, T0.plusSeconds(14));
    assertThat(done.getMirrors()).extracting(MirrorStatus::getNotInSyncSince).containsOnlyNulls();
    assertThat(done.getMirrors()).extracting(MirrorStatus::getReplayLagSeconds).containsOnlyNulls();

    Observation mirrorDown =
        seen(
            state("04-mirror-down.txt"),
            List.of(),
            pods(PodView.Step.SUCCEEDED, true),
            Set.of(0, 1, 2),
            Map.of());
    MirrorSetStatus down = build(mirrorDown, done, T0.plusSeconds(60));
    assertThat(down.getMirrors().get(1).getNotInSyncSince())
        .isEqualTo(T0.plusSeconds(60).toString());
  }

  @Test
  void streamingMirrorsCatchUpUntilFtsMarksThePairsInSync() throws Exception {
    Observation catchingUp =
        seen(
            state("02-registered-not-streaming.txt"),
            List.of(
                streaming(0, "catchup", "0/2A100000", "0/1A2F34C8", "async"),
                streaming(1, "streaming", "0/245E85A0", "0/245E85A0", "async")),
            pods(PodView.Step.SUCCEEDED, true),
            Set.of(0, 1, 2),
            Map.of());

    MirrorSetStatus status = build(catchingUp, null, T0);

    assertThat(status.getMirrors())
        .extracting(MirrorStatus::getState)
        .containsExactly("CatchingUp", "CatchingUp", "CatchingUp");
    // 266,390,328 bytes not replayed, shown in whole MiB (254 MiB) so that lag noise writes
    // nothing.
    assertThat(status.getMirrors().get(0).getBytesBehind()).isEqualTo(254L << 20);
    assertThat(status.getPhase()).isEqualTo("Synchronizing");
    assertThat(status.getReady()).isEqualTo(3);

    Observation synced =
        seen(
            state("03-synchronized.txt"),
            List.of(streaming(0, "streaming", "0/4771B260", "0/4771B260", "sync")),
            pods(PodView.Step.SUCCEEDED, true),
            Set.of(0, 1, 2),
            Map.of());
    MirrorSetStatus done = build(synced, status, T0.plusSeconds(14));

    assertThat(done.getPhase()).isEqualTo("Synchronized");
    assertThat(done.getProgress()).isEqualTo(100);
    assertThat(done.getSynchronizedCount()).isEqualTo(3);
    assertThat(Conditions.find(done.getConditions(), Conditions.SYNCHRONIZED).getStatus())
        .isEqualTo("True");
  }

  @Test
  void aMissingPodIsDownAtOnceWhileTheCatalogStillSaysInSync() throws Exception {
    Map<Integer, PodView> pods = pods(PodView.Step.SUCCEEDED, true);
    pods.remove(1);
    Observation seen =
        seen(state("03-synchronized.txt"), List.of(), pods, Set.of(0, 1, 2), Map.of());

    MirrorSetStatus status = build(seen, null, T0);

    assertThat(status.getMirrors().get(1).getState()).isEqualTo("Down");
    assertThat(status.getMirrors().get(1).getStatus()).isEqualTo("u");
    assertThat(status.getPhase()).isEqualTo("Degraded");
    assertThat(Conditions.find(status.getConditions(), Conditions.DEGRADED).getReason())
        .isEqualTo("MirrorDown");
  }

  @Test
  void aPromotedMirrorActsAsPrimary() throws Exception {
    Observation seen =
        seen(
            state("05-roles-switched.txt"),
            List.of(),
            pods(PodView.Step.SUCCEEDED, true),
            Set.of(0, 1, 2),
            Map.of());

    MirrorSetStatus status = build(seen, null, T0);

    assertThat(status.getMirrors().get(0).getState()).isEqualTo("ActingAsPrimary");
    assertThat(status.getMirrors().get(0).getRole()).isEqualTo("p");
    assertThat(Conditions.find(status.getConditions(), Conditions.DEGRADED).getReason())
        .isEqualTo("RolesSwitched");
  }

  @Test
  void conditionsKeepTheirTransitionTimeUntilTheyChange() throws Exception {
    Observation copying =
        seen(
            state("02-registered-not-streaming.txt"),
            List.of(),
            pods(PodView.Step.RUNNING, false),
            Set.of(0, 1, 2),
            Map.of());
    MirrorSetStatus first = build(copying, null, T0);

    MirrorSetStatus again = build(copying, first, T0.plusSeconds(60));
    MirrorSetStatus synced =
        build(
            seen(
                state("03-synchronized.txt"),
                List.of(),
                pods(PodView.Step.SUCCEEDED, true),
                Set.of(0, 1, 2),
                Map.of()),
            again,
            T0.plusSeconds(90));

    assertThat(again.getConditions()).isEqualTo(first.getConditions());
    assertThat(
            Conditions.find(synced.getConditions(), Conditions.SPEC_VALID).getLastTransitionTime())
        .isEqualTo(T0.toString());
    assertThat(Conditions.find(synced.getConditions(), Conditions.READY).getLastTransitionTime())
        .isEqualTo(T0.plusSeconds(90).toString());
  }

  @Test
  void aSpecFindingMakesThePhaseInvalid() throws Exception {
    MirrorSetStatus status =
        StatusBuilder.build(
            new StatusBuilder.Input(
                3,
                false,
                null,
                null,
                List.of(Finding.invalid("SecretNotFound", "Secret gp-admin does not exist")),
                h -> h,
                null,
                T0));

    assertThat(status.getPhase()).isEqualTo("Invalid");
    assertThat(Conditions.find(status.getConditions(), Conditions.SPEC_VALID).getReason())
        .isEqualTo("SecretNotFound");
    assertThat(status.getObservedGeneration()).isEqualTo(3);
  }
}
