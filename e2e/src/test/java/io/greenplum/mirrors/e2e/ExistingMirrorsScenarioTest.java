package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clusters that already have mirrors: adopted when they match, untouched when partial. */
class ExistingMirrorsScenarioTest extends Scenario {

  /** layout(2, 2) with in-sync mirrors where Group placement puts them, for the given contents. */
  private static SegmentConfiguration mirrored(int... contents) {
    SegmentConfiguration base = SimulatedEnvironment.layout(2, 2);
    List<Segment> rows = new ArrayList<>();
    for (Segment s : base.segments()) {
      rows.add(
          s.isCoordinatorOrStandby()
              ? s
              : new Segment(
                  s.dbid(),
                  s.content(),
                  s.role(),
                  s.preferredRole(),
                  SegmentMode.SYNCHRONIZED,
                  s.status(),
                  s.port(),
                  s.hostname(),
                  s.address(),
                  s.dataDirectory(),
                  null));
    }
    for (int c : contents) {
      String host = c < 2 ? "sdw2" : "sdw1";
      rows.add(
          new Segment(
              6 + c,
              c,
              Role.MIRROR,
              Role.MIRROR,
              SegmentMode.SYNCHRONIZED,
              SegmentStatus.UP,
              7000 + c % 2,
              host,
              host,
              "/data/mirror/gpseg" + c,
              null));
    }
    return new SegmentConfiguration(base.family(), rows);
  }

  @Test
  void matchingMirrorsAreAdoptedWithoutCopyingAnything() throws Exception {
    SegmentConfiguration existing = mirrored(0, 1, 2, 3);
    start(existing, "sdw1", "sdw2");

    apply("adopt", TestMirrorSets.group().build());
    MirrorSetStatus status = awaitPhase("adopt", "Synchronized");

    assertThat(status.getSynchronizedCount()).isEqualTo(4);
    assertThat(pods("adopt")).isEmpty();
    assertThat(volumes("adopt")).isEmpty();
    assertThat(catalogNow()).isEqualTo(existing);
    assertThat(env.cluster().emulation().history()).isEmpty();
  }

  @Test
  void aDownMirrorAddedByGpaddmirrorsIsReportedNeverRebuilt() throws Exception {
    start(mirrored(0, 1, 2, 3), "sdw1", "sdw2");
    apply("external", TestMirrorSets.group().build());
    awaitPhase("external", "Synchronized");

    env.cluster().emulation().stopMirror(1);
    env.cluster().emulation().markStoppedMirrorDown(1);
    MirrorSetStatus status = awaitPhase("external", "Degraded");

    assertThat(Conditions.find(status.getConditions(), Conditions.DEGRADED).getReason())
        .isEqualTo("ExternalMirrorDown");
    assertThat(Conditions.find(status.getConditions(), Conditions.DEGRADED).getMessage())
        .contains("content(s) [1]", "gprecoverseg");
    assertThat(status.getMirrors().get(1).getState()).isEqualTo("Down");
    assertThat(status.getMirrors().get(1).getExternal()).isTrue();
    Thread.sleep(1500);
    assertThat(pods("external")).as("no second instance on sdw2:7001").isEmpty();
    assertThat(volumes("external")).isEmpty();
    assertThat(preflightPods("external")).isEmpty();
  }

  @Test
  void mirrorsAddedByGpaddmirrorsAreNeverMovedAPlacementEditIsAConflict() throws Exception {
    SegmentConfiguration existing = mirrored(0, 1, 2, 3);
    start(existing, "sdw1", "sdw2");
    apply("external", TestMirrorSets.group().build());
    awaitPhase("external", "Synchronized");

    edit("external", s -> s.setDataDirectories(new ArrayList<>(List.of("/data/elsewhere"))));
    MirrorSetStatus status =
        awaitStatus(
            "external",
            s ->
                "Degraded".equals(s.getPhase())
                    && "Conflict"
                        .equals(
                            Conditions.find(s.getConditions(), Conditions.DEGRADED).getReason()));

    assertThat(Conditions.find(status.getConditions(), Conditions.DEGRADED).getMessage())
        .contains("content 0: its mirror at sdw2:7000 /data/mirror/gpseg0 (the MirrorSet places")
        .contains("was not made by this operator")
        .contains("never moved");
    Thread.sleep(1500);
    assertThat(catalogNow()).isEqualTo(existing);
    assertThat(env.cluster().emulation().history()).isEmpty();
    assertThat(pods("external")).isEmpty();
    assertThat(volumes("external")).isEmpty();
  }

  @Test
  void aPartiallyMirroredClusterIsReportedAndNothingIsTouched() throws Exception {
    SegmentConfiguration partial = mirrored(0);
    start(partial, "sdw1", "sdw2");

    apply("partial", TestMirrorSets.group().build());
    MirrorSetStatus status = awaitPhase("partial", "Degraded");

    assertThat(Conditions.find(status.getConditions(), Conditions.DEGRADED).getReason())
        .isEqualTo("PartialMirroring");
    Thread.sleep(1000);
    assertThat(pods("partial")).isEmpty();
    assertThat(volumes("partial")).isEmpty();
    assertThat(catalogNow()).isEqualTo(partial);
  }
}
