package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.resources.Names;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Moves decided on observations, without a cluster: 2 hosts x 2 primaries with Group mirrors under
 * /data/mirror, and a MirrorSet that now says /data/moved (each mirror moves on its own host).
 */
public class MovesTest {
  private static final String MOVED = "/data/moved";

  private static MirrorSetSpec spec(DeletionPolicy policy) {
    MirrorSetSpec spec = TestMirrorSets.group().dataDirectories(MOVED).build();
    spec.setDeletionPolicy(policy);
    return spec;
  }

  private static MirrorLocation newPlace(Segment row) {
    return new MirrorLocation(
        row.hostname(), row.address(), row.port(), MOVED + "/gpseg" + row.content());
  }

  /**
   * Every mirror in sync and streaming, its pod running where the catalog has it, its volume made
   * at the Group place; {@code row} adjusts the catalog's rows, {@code volume} the claims.
   */
  public static TestObservation seen(
      UnaryOperator<Segment> row, UnaryOperator<VolumeView> volume, DeletionPolicy policy) {
    return seen(MirrorRemovalTest.mirrored(row), volume, policy);
  }

  /** As above, on {@code cluster} (the Group mirrors of 2 x 2, its rows as given). */
  static TestObservation seen(
      SegmentConfiguration cluster, UnaryOperator<VolumeView> volume, DeletionPolicy policy) {
    return seen(cluster, spec(policy), volume);
  }

  /** As above, for the MirrorSet {@code spec}. */
  static TestObservation seen(
      SegmentConfiguration cluster, MirrorSetSpec spec, UnaryOperator<VolumeView> volume) {
    TestObservation o = TestObservation.of(cluster, spec).now(MirrorRemovalTest.NOW);
    Map<Integer, PodView> pods = new TreeMap<>();
    Map<Integer, Segment> grouped = MirrorRemovalTest.mirrored(s -> s).mirrorsByContent();
    for (Segment m : cluster.mirrors()) {
      pods.put(m.content(), pod(m, MirrorLocation.of(m)));
      o.volume(
          volume.apply(
              new VolumeView(
                  Names.volume("ms", m.content(), m.dbid()),
                  m.content(),
                  m.dbid(),
                  false,
                  false,
                  null,
                  MirrorLocation.of(grouped.get(m.content())).key(),
                  null,
                  false,
                  null,
                  null,
                  null,
                  null,
                  null)));
    }
    return o.pods(pods).streaming(pods.keySet().stream().mapToInt(Integer::intValue).toArray());
  }

  static PodView pod(Segment m, MirrorLocation at) {
    PodView p = TestObservation.pod(m.content(), m.dbid(), false);
    return new PodView(
        p.name(),
        m.content(),
        m.dbid(),
        "Running",
        PodView.Step.SUCCEEDED,
        true,
        true,
        null,
        false,
        "kept: complete copy",
        false,
        null,
        null,
        at.key(),
        null,
        "mirror");
  }

  public static VolumeView marked(VolumeView v, String to) {
    return new VolumeView(
        v.name(),
        v.content(),
        v.dbid(),
        false,
        false,
        null,
        v.location(),
        to,
        false,
        null,
        null,
        null,
        null,
        null);
  }

  /** The preflight pod that checks sdw2 against content 0's primary, with {@code report}. */
  static PreflightView preflight0(Observation o, String report) {
    Segment primary = o.cluster().primariesByContent().get(0);
    return MirrorSetDiffTest.preflight(
        "sdw2",
        Preflights.target("sdw2", List.of(primary), "greenplum:7", "gpadmin").checks(),
        report);
  }

  static final String VERSIONS =
      "postgres postgres (Greenplum Database) 7.1.0 build dev\n"
          + "pg_basebackup pg_basebackup (PostgreSQL) 12.12\n";

  @Test
  void theNewHostIsCheckedFirstThenTheOldVolumeIsMarkedAndEveryMoveIsListed() {
    Observation o = seen(s -> s, v -> v, DeletionPolicy.Retain).build();

    Moves.Step step = Moves.decide(o);

    assertThat(step.planned()).hasSize(4);
    assertThat(step.planned().get(0).describe())
        .isEqualTo("content 0: sdw2:7000 /data/mirror/gpseg0 -> sdw2:7000 /data/moved/gpseg0");
    assertThat(step.current()).isNull();
    assertThat(step.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.CreatePreflight.class,
            p -> {
              assertThat(p.host()).isEqualTo("sdw2");
              assertThat(p.primaries()).extracting(Segment::content).containsExactly(0);
            });
    assertThat(step.stage()).contains("checking that sdw2 can copy");

    Observation passed =
        seen(s -> s, v -> v, DeletionPolicy.Retain)
            .preflight(List.of(preflight0(o, VERSIONS + "ok 0 sdw1:6000\n")))
            .build();
    Moves.Step start = Moves.decide(passed);
    assertThat(start.actions()).hasSize(2);
    assertThat(start.actions().get(0))
        .isInstanceOfSatisfying(
            Action.AnnotateVolume.class,
            a -> {
              assertThat(a.name()).isEqualTo("ms-m0-d6");
              assertThat(a.annotations())
                  .containsEntry(Annotations.MOVING_TO, start.planned().get(0).to().key());
              assertThat(a.reason()).isEqualTo("MirrorMoveStarted");
            });
    assertThat(start.actions().get(1)).isEqualTo(new Action.DeletePreflight("ms-preflight-sdw2"));
    assertThat(MirrorSetDiff.diff(passed))
        .as("no pod is touched in the pass that marks the move")
        .noneMatch(a -> a instanceof Action.DeletePod || a instanceof Action.StopMirror);
  }

  @Test
  void aNewHostThatCannotCopyKeepsTheOldMirrorRunning() {
    Observation o = seen(s -> s, v -> v, DeletionPolicy.Retain).build();
    Observation refused =
        seen(s -> s, v -> v, DeletionPolicy.Retain)
            .preflight(
                List.of(
                    preflight0(
                        o,
                        VERSIONS
                            + "refused 0 sdw1:6000 psql: error: FATAL:  no pg_hba.conf entry for"
                            + " replication connection from host \"10.0.0.2\", user \"gpadmin\","
                            + " SSL off\n")))
            .build();

    Moves.Step step = Moves.decide(refused);

    assertThat(step.preflightProblems()).isNotEmpty();
    assertThat(step.actions()).noneMatch(a -> a instanceof Action.AnnotateVolume);
    assertThat(MirrorSetDiff.diff(refused))
        .noneMatch(a -> a instanceof Action.StopMirror || a instanceof Action.DeletePod)
        .noneMatch(a -> a instanceof Action.DeletePreflight);
  }

  @Test
  void nothingStartsWhileAPairIsOutOfSync() {
    Observation o =
        seen(s -> s.content() == 3 ? MirrorRemovalTest.down(s) : s, v -> v, DeletionPolicy.Retain)
            .build();

    Moves.Step step = Moves.decide(o);

    assertThat(step.actions())
        .as("only the new host's check may run meanwhile")
        .allMatch(a -> a instanceof Action.CreatePreflight);
    assertThat(step.stage()).contains("content 3 is n/d, not s/u");
    assertThat(step.moving()).isTrue();
    assertThat(MirrorSetDiff.diff(o))
        .noneMatch(a -> a instanceof Action.AnnotateVolume || a instanceof Action.StopMirror);
  }

  @Test
  void aMarkedMoveStopsThePodWaitsForFtsThenMovesTheRowAndMakesNothingAtTheOldPlace() {
    UnaryOperator<VolumeView> mark0 =
        v -> v.content() == 0 ? marked(v, "sdw2|sdw2|7000|/data/moved/gpseg0") : v;
    TestObservation running = seen(s -> s, mark0, DeletionPolicy.Retain);
    assertThat(Moves.decide(running.build()).actions())
        .singleElement()
        .isEqualTo(new Action.StopMirror(0, "ms-m0"));

    Map<Integer, PodView> without0 = new TreeMap<>(running.build().pods());
    without0.remove(0);
    Observation stopped = seen(s -> s, mark0, DeletionPolicy.Retain).pods(without0).build();
    Moves.Step waiting = Moves.decide(stopped);
    assertThat(waiting.current()).isEqualTo(0);
    assertThat(waiting.actions()).isEmpty();
    assertThat(waiting.stage()).isEqualTo("waiting for FTS to mark it down");
    assertThat(MirrorSetDiff.diff(stopped))
        .as("its pod is not made again at the old place, nor recovered")
        .noneMatch(a -> a instanceof Action.CreateMirror || a instanceof Action.RecoverMirror);

    Observation down =
        seen(s -> s.content() == 0 ? MirrorRemovalTest.down(s) : s, mark0, DeletionPolicy.Retain)
            .pods(without0)
            .build();
    Segment row = down.cluster().mirrorsByContent().get(0);
    assertThat(Moves.decide(down).actions())
        .singleElement()
        .isEqualTo(
            new Action.MoveMirror(
                new Moves.Move(0, row.dbid(), MirrorLocation.of(row), newPlace(row))));
  }

  /** Content 0's mirror row as the move's catalog transaction leaves it: new place, m/n/d. */
  private static Segment movedDown(Segment s) {
    if (s.content() != 0 || s.role() != io.greenplum.mirrors.model.Role.MIRROR) {
      return s;
    }
    return MirrorRemovalTest.down(placed(s, newPlace(s)));
  }

  /** The row {@code s} at the place {@code to}. */
  static Segment placed(Segment s, MirrorLocation to) {
    return new Segment(
        s.dbid(),
        s.content(),
        s.role(),
        s.preferredRole(),
        s.mode(),
        s.status(),
        to.port(),
        to.hostname(),
        to.address(),
        to.dataDirectory(),
        null);
  }

  @Test
  void afterTheRowMovedTheNewPlaceGetsItsOwnVolumeAndTheOldOneIsKeptOnlyOnceInSync() {
    // Content 0's row is at the new place, its old claim still there, no pod yet.
    UnaryOperator<Segment> moved = MovesTest::movedDown;
    Map<Integer, PodView> pods =
        new TreeMap<>(seen(moved, v -> v, DeletionPolicy.Retain).build().pods());
    Segment before = MirrorRemovalTest.mirrored(s -> s).mirrorsByContent().get(0);
    pods.put(0, pod(before, MirrorLocation.of(before)));
    Observation old = seen(moved, v -> v, DeletionPolicy.Retain).pods(pods).build();
    VolumeView oldClaim = old.volumes().get(0);
    assertThat(MirrorSetDiff.diff(old))
        .as("the pod at the old place goes")
        .contains(
            new Action.DeletePod(
                0,
                "ms-m0",
                "it runs the mirror at its old place; the catalog has moved it to "
                    + MirrorLocation.of(old.cluster().mirrorsByContent().get(0))));
    pods.remove(0);
    Observation noPod = seen(moved, v -> v, DeletionPolicy.Retain).pods(pods).build();
    assertThat(MirrorSetDiff.diff(noPod))
        .filteredOn(a -> a instanceof Action.CreateMirror)
        .singleElement()
        .isInstanceOfSatisfying(
            Action.CreateMirror.class,
            c -> {
              assertThat(c.volumeMissing()).isTrue();
              assertThat(c.movedFrom()).isEqualTo(oldClaim.name());
              assertThat(c.mirror().dataDirectory()).isEqualTo("/data/moved/gpseg0");
            });
    assertThat(Moves.decide(noPod).actions())
        .as("the old claim stays until in sync, no other move starts")
        .noneMatch(
            a ->
                a instanceof Action.AnnotateVolume
                    || a instanceof Action.DeleteVolume
                    || a instanceof Action.StopMirror);

    Segment inSyncRow = MirrorRemovalTest.mirrored(moved).mirrorsByContent().get(0);
    UnaryOperator<Segment> movedInSync =
        s ->
            s.content() == 0 && s.role() == io.greenplum.mirrors.model.Role.MIRROR
                ? TestClusters.with(
                    moved.apply(s),
                    s.role(),
                    io.greenplum.mirrors.model.SegmentMode.SYNCHRONIZED,
                    io.greenplum.mirrors.model.SegmentStatus.UP)
                : s;
    pods.put(0, pod(inSyncRow, newPlace(inSyncRow)));
    Observation settled = seen(movedInSync, v -> v, DeletionPolicy.Retain).pods(pods).build();
    assertThat(Moves.decide(settled).actions())
        .filteredOn(a -> !(a instanceof Action.CreatePreflight))
        .singleElement()
        .isInstanceOfSatisfying(
            Action.AnnotateVolume.class,
            a -> {
              assertThat(a.name()).isEqualTo(oldClaim.name());
              assertThat(a.annotations()).containsKey(Annotations.RETIRED);
              assertThat(a.annotations().get(Annotations.MOVING_TO)).isNull();
            });
    assertThat(settled.staleVolumes()).isEmpty();
    Observation removing =
        seen(movedInSync, v -> v, DeletionPolicy.RemoveMirrors).pods(pods).build();
    assertThat(Moves.decide(removing).actions()).contains(new Action.DeleteVolume(oldClaim.name()));
  }

  @Test
  void aMirrorPromotedAfterItsMoveWasMarkedIsNeverStopped() {
    UnaryOperator<VolumeView> mark0 =
        v -> v.content() == 0 ? marked(v, "sdw2|sdw2|7000|/data/moved/gpseg0") : v;
    Observation promoted =
        seen(
                s ->
                    s.content() == 0
                        ? TestClusters.with(
                            s,
                            s.role() == io.greenplum.mirrors.model.Role.MIRROR
                                ? io.greenplum.mirrors.model.Role.PRIMARY
                                : io.greenplum.mirrors.model.Role.MIRROR,
                            io.greenplum.mirrors.model.SegmentMode.NOT_IN_SYNC,
                            s.role() == io.greenplum.mirrors.model.Role.MIRROR
                                ? io.greenplum.mirrors.model.SegmentStatus.UP
                                : io.greenplum.mirrors.model.SegmentStatus.DOWN)
                        : s,
                mark0,
                DeletionPolicy.Retain)
            .build();

    Moves.Step step = Moves.decide(promoted);

    assertThat(step.current()).isNull();
    assertThat(step.stage()).contains("acts as primary");
    assertThat(MirrorSetDiff.diff(promoted))
        .noneMatch(
            a ->
                a instanceof Action.StopMirror
                    || a instanceof Action.DeletePod
                    || a instanceof Action.MoveMirror);
  }

  @Test
  void mirrorsTheOperatorDidNotMakeAreNeverMoved() {
    Observation o =
        TestObservation.of(MirrorRemovalTest.mirrored(s -> s), spec(DeletionPolicy.Retain)).build();

    Moves.Step step = Moves.decide(o);

    assertThat(step.planned()).isEmpty();
    assertThat(step.actions()).isEmpty();
    assertThat(step.refused()).hasSize(4);
    assertThat(step.refused().get(0)).contains("content 0", "not made by this operator");
  }
}
