package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.simulation.SimulationSpeed;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Mirrors added to a Greenplum 6 cluster (DESIGN.md "Greenplum 6"; no real Greenplum 6 capture is
 * in fixtures/): the operator creates each primary's slot by SQL in utility mode (gp_session_role)
 * before the copy, pg_basebackup streams with --xlog-method and writes recovery.conf, and
 * replication progress is read from 9.4's *_location columns.
 */
class GreenplumSixScenarioTest extends Scenario {
  @Test
  void mirrorsAreAddedToAGreenplum6Cluster() throws Exception {
    start(
        UnaryOperator.identity(),
        SimulationSpeed.fast(),
        SegmentTools.GREENPLUM_6,
        SimulatedEnvironment.layout(2, 2),
        "sdw1",
        "sdw2");

    apply("six", TestMirrorSets.group().build());
    MirrorSetStatus done = awaitPhase("six", "Synchronized");

    assertThat(done.getGreenplumVersion()).isEqualTo("6.26.1");
    assertThat(done.getSynchronizedCount()).isEqualTo(4);
    assertThat(catalogNow().mirrors()).hasSize(4);
    assertThat(env.cluster().emulation().slots()).containsExactly(0, 1, 2, 3);
    for (int content = 0; content < 4; content++) {
      assertThat(env.simulation().copies(content)).isEqualTo(1);
    }
    assertThat(pods("six"))
        .allSatisfy(
            pod ->
                assertThat(pod.getSpec().getInitContainers().get(0).getArgs())
                    .contains("recovery.conf", "--xlog-method")
                    .doesNotContain("--wal-method", "--create-slot"));
    assertThat(env.simulation().startsOnIncompleteDirectories()).isEmpty();
  }
}
