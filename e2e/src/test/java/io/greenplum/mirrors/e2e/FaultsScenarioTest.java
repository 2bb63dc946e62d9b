package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import org.junit.jupiter.api.Test;

/** Faults: the coordinator unreachable for a while, and a primary failing over to its mirror. */
class FaultsScenarioTest extends Scenario {
  @Test
  void anUnreachableCoordinatorIsReportedAndTheAddResumes() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.coordinatorReachable(false);

    apply("outage", TestMirrorSets.group().build());
    MirrorSetStatus degraded = awaitStatus("outage", s -> "Degraded".equals(s.getPhase()));

    assertThat(Conditions.find(degraded.getConditions(), Conditions.DEGRADED).getReason())
        .isEqualTo("CoordinatorUnreachable");
    assertThat(catalogNow().mirrors()).isEmpty();
    assertThat(pods("outage")).isEmpty();
    env.coordinatorReachable(true);
    MirrorSetStatus done = awaitPhase("outage", "Synchronized");
    assertThat(catalogNow().mirrors()).hasSize(4);
    assertThat(pods("outage")).hasSize(4);
    assertThat(done.getSynchronizedCount()).isEqualTo(4);
  }

  @Test
  void aPromotedMirrorIsReportedActingAsPrimaryAndItsPodKept() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("failover", TestMirrorSets.group().build());
    awaitPhase("failover", "Synchronized");
    String uid =
        pods("failover").stream()
            .filter(p -> p.getMetadata().getName().equals("failover-m0"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getUid();

    env.simulation().failPrimary(0);
    MirrorSetStatus switched =
        awaitStatus(
            "failover",
            s ->
                s.getMirrors().size() == 4
                    && "ActingAsPrimary".equals(s.getMirrors().get(0).getState()));

    assertThat(switched.getPhase()).isEqualTo("Degraded");
    assertThat(Conditions.find(switched.getConditions(), Conditions.DEGRADED).getReason())
        .isEqualTo("RolesSwitched");
    Thread.sleep(1000);
    assertThat(pods("failover"))
        .anySatisfy(p -> assertThat(p.getMetadata().getUid()).isEqualTo(uid));
    assertThat(catalogNow().mirrorsByContent().get(0).role().code()).isEqualTo('p');
  }
}
