package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Before the catalog is written, every mirror host proves it can copy: a host whose primaries
 * refuse its replication connection, or an image of another release, registers nothing and says
 * what to fix; once fixed, the mirrors are added.
 */
class PreflightScenarioTest extends Scenario {
  @Test
  void aHostThePrimariesRefuseRegistersNothingUntilPgHbaIsFixed() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.simulation().refuseReplicationFrom("sdw2");

    apply("checked", TestMirrorSets.group().build());
    MirrorSetStatus failed = awaitPhase("checked", "Degraded");

    var degraded = Conditions.find(failed.getConditions(), Conditions.DEGRADED);
    assertThat(degraded.getReason()).isEqualTo("PreflightFailed");
    assertThat(degraded.getMessage())
        .contains("the primary of content 0 (sdw1:6000) refuses replication from sdw2")
        .contains("the primary of content 1 (sdw1:6001) refuses replication from sdw2")
        .contains("'host replication gpadmin sdw2/32 trust' to its pg_hba.conf");
    assertThat(catalogNow().mirrors()).isEmpty();
    assertThat(env.cluster().emulation().history())
        .as("no mirror registered: the one row is the MirrorSet's claim, made with its preflight")
        .singleElement()
        .asString()
        .contains(io.greenplum.mirrors.diff.ClusterClaim.PREFIX + "greenplum/checked uid ");
    assertThat(pods("checked")).isEmpty();
    assertThat(volumes("checked")).isEmpty();

    env.simulation().allowReplicationFrom("sdw2");
    MirrorSetStatus done = awaitPhase("checked", "Synchronized");

    assertThat(done.getSynchronizedCount()).isEqualTo(4);
    assertThat(preflightPods("checked")).as("removed once the mirrors are registered").isEmpty();
  }

  @Test
  void aMoveToAHostThePrimariesRefuseKeepsItsMirrorRunningWhereItIs() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2", "sdw3");
    apply("moved", TestMirrorSets.group().hosts("sdw1", "sdw2", "sdw3").automaticMoves().build());
    awaitPhase("moved", "Synchronized");
    var before = catalogNow().mirrorsByContent();
    String content2Pod = pod("moved", 2).getMetadata().getUid();
    env.simulation().refuseReplicationFrom("sdw3");

    edit("moved", s -> s.setDataDirectories(new java.util.ArrayList<>(List.of("/data/moved"))));
    MirrorSetStatus failed =
        awaitStatus(
            "moved",
            s ->
                "Degraded".equals(s.getPhase())
                    && "PreflightFailed"
                        .equals(
                            Conditions.find(s.getConditions(), Conditions.DEGRADED).getReason()));

    assertThat(Conditions.find(failed.getConditions(), Conditions.DEGRADED).getMessage())
        .contains("the move of content 2: sdw3:7000 /data/mirror/gpseg2 -> sdw3:7000")
        .contains("its mirror still runs at the old place")
        .contains("refuses replication from sdw3");
    assertThat(catalogNow().mirrorsByContent().get(2)).isEqualTo(before.get(2));
    assertThat(pod("moved", 2).getMetadata().getUid()).as("not stopped").isEqualTo(content2Pod);
    assertThat(failed.getMirrors().get(2).getState()).isEqualTo("Synchronized");

    env.simulation().allowReplicationFrom("sdw3");
    MirrorSetStatus done =
        awaitStatus("moved", s -> "Synchronized".equals(s.getPhase()) && s.getMoves() == null);
    assertThat(done.getMirrors())
        .allSatisfy(m -> assertThat(m.getDataDirectory()).startsWith("/data/moved/"));
    assertThat(preflightPods("moved")).isEmpty();
  }

  @Test
  void anImageOfAnotherMajorReleaseRegistersNothing() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.simulation().imageRelease("greenplum:6", "6.26.1");
    var spec = TestMirrorSets.group().build();
    spec.getTemplate().setImage("greenplum:6");

    apply("old-image", spec);
    MirrorSetStatus failed = awaitPhase("old-image", "Degraded");

    var degraded = Conditions.find(failed.getConditions(), Conditions.DEGRADED);
    assertThat(degraded.getReason()).isEqualTo("PreflightFailed");
    assertThat(degraded.getMessage())
        .contains(
            "image greenplum:6 on sdw1 carries postgres (Greenplum Database) 6.26.1 build"
                + " commit:simulated but the cluster runs Greenplum Database 7.1.0")
        .contains("set spec.template.image to an image of Greenplum Database 7");
    assertThat(catalogNow().mirrors()).isEmpty();
    assertThat(pods("old-image")).isEmpty();
  }
}
