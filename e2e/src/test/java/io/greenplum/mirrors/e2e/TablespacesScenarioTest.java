package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Greenplum's pg_basebackup writes each user tablespace to its location/dbid on the mirror's host,
 * a path on a mirror pod's read-only root filesystem: every copy would fail after the mirrors were
 * registered, leaving them m/n/d (issue 20, sequence 7). The operator reads pg_tablespace first and
 * refuses, naming them, before any preflight or registration; once they are dropped it goes on.
 */
class TablespacesScenarioTest extends Scenario {

  @Test
  void aUserTablespaceIsRefusedBeforeAnythingIsRegisteredAndTheMirrorsComeOnceItIsDropped()
      throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.cluster().emulation().createTablespace("fastdisk", "/data/fast");
    apply("spaces", TestMirrorSets.group().build());

    MirrorSetStatus refused =
        awaitStatus(
            "spaces",
            s ->
                s.getConditions() != null
                    && s.getConditions().stream()
                        .anyMatch(c -> "TablespacesNotSupported".equals(c.getReason())));

    assertThat(refused.getConditions())
        .anySatisfy(
            c ->
                assertThat(c.getMessage())
                    .contains("fastdisk (/data/fast)", "Nothing is registered"));
    assertThat(catalogNow().mirrors()).isEmpty();
    assertThat(preflightPods("spaces")).isEmpty();
    assertThat(pods("spaces")).isEmpty();
    assertThat(volumes("spaces")).isEmpty();

    try (PrimarySampler sampler = new PrimarySampler(env.simulation())) {
      env.cluster().emulation().dropTablespace("fastdisk");
      awaitPhase("spaces", "Synchronized");
      awaitAllPairsInSync();
      assertThat(catalogNow().mirrors()).hasSize(4);
      sampler.assertNeverTwoPrimaries();
    }
  }
}
