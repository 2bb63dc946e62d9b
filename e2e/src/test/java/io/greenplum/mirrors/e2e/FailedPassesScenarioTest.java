package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Failed passes never end the care of a MirrorSet (issue 21, sequence 3): the API server fails the
 * coordinator Secret's read ten passes in a row (JOSDK's default retry gave up after five and
 * looked again after ten hours); the status says why meanwhile, and once the Secret reads again a
 * failover that happens then is seen and reported.
 */
class FailedPassesScenarioTest extends Scenario {

  @Test
  void aFailoverAfterTenFailedPassesInARowIsSeen() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("retried", TestMirrorSets.group().build());
    awaitPhase("retried", "Synchronized");

    env.failSecretReads("gp-admin", 10);
    MirrorSetStatus failing =
        awaitStatus(
            "retried",
            s -> s.getConditions().stream().anyMatch(c -> "ReconcileError".equals(c.getReason())));
    assertThat(failing.getConditions())
        .anySatisfy(
            c -> assertThat(c.getMessage()).contains("(403)").contains("cannot get resource"));
    await().atMost(Duration.ofSeconds(60)).until(() -> env.failedSecretReads() == 10);

    int promoted = catalogNow().mirrorsByContent().get(1).dbid();
    env.simulation().failPrimary(1);
    MirrorSetStatus seen =
        awaitStatus(
            "retried",
            s ->
                "ActingAsPrimary".equals(s.getMirrors().get(1).getState())
                    && s.getConditions().stream()
                        .noneMatch(c -> "ReconcileError".equals(c.getReason())));
    assertThat(seen.getMirrors().get(1).getDbid()).isEqualTo(promoted);
    assertThat(
            catalogNow().segments().stream()
                .filter(s -> s.dbid() == promoted)
                .findFirst()
                .orElseThrow()
                .role())
        .isEqualTo(Role.PRIMARY);
  }
}
