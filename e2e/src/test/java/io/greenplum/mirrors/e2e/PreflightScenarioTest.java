package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
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
    assertThat(env.cluster().emulation().history()).isEmpty();
    assertThat(pods("checked")).isEmpty();
    assertThat(volumes("checked")).isEmpty();

    env.simulation().allowReplicationFrom("sdw2");
    MirrorSetStatus done = awaitPhase("checked", "Synchronized");

    assertThat(done.getSynchronizedCount()).isEqualTo(4);
    assertThat(preflightPods("checked")).as("removed once the mirrors are registered").isEmpty();
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
