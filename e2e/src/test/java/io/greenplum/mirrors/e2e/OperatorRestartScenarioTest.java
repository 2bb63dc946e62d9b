package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operator process stops right after registering the mirrors and again in the middle of the
 * base backups; each time it restarts and converges: no second registration, no orphan pod or
 * volume.
 */
class OperatorRestartScenarioTest extends Scenario {
  @Test
  void restartsAfterRegistrationAndMidCopyConverge() throws Exception {
    start(SimulatedEnvironment.layout(4, 2), "sdw1", "sdw2", "sdw3", "sdw4");

    apply("restart", TestMirrorSets.group().maxParallel(2).build());
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> catalogNow().mirrors().size() == 8);
    env.stopOperator();
    int podsAfterRegistration = pods("restart").size();
    env.startOperator();

    await().atMost(Duration.ofSeconds(30)).until(() -> pods("restart").size() >= 4);
    env.stopOperator();
    env.startOperator();
    var status = awaitPhase("restart", "Synchronized");

    assertThat(podsAfterRegistration).isLessThanOrEqualTo(2);
    assertThat(env.cluster().emulation().history())
        .filteredOn(h -> h.contains("gpmirrors: inserted"))
        .hasSize(8);
    assertThat(catalogNow().mirrors()).hasSize(8);
    Set<String> dbids =
        catalogNow().mirrors().stream()
            .map(m -> String.valueOf(m.dbid()))
            .collect(Collectors.toSet());
    assertThat(pods("restart"))
        .hasSize(8)
        .extracting(Pod::getMetadata)
        .allSatisfy(meta -> assertThat(dbids).contains(meta.getLabels().get(Labels.DBID)));
    assertThat(volumes("restart")).hasSize(8);
    assertThat(status.getDesired()).isEqualTo(8);
    assertThat(status.getSynchronizedCount()).isEqualTo(8);
  }
}
