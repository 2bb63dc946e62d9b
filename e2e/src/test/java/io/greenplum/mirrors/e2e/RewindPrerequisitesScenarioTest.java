package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.ReplicationSpec;
import io.greenplum.mirrors.api.SecretKeyRef;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A rebalance starts only when the rewind it ends with can work (operator-day2-on-real-cluster.txt
 * sections 6, 9, 10e): a cluster without data checksums nor wal_log_hints, or a replication role
 * without the grants pg_rewind needs in template1, is refused with the reason before the acting
 * primary is stopped; with the grants, the rewind runs as that role.
 */
class RewindPrerequisitesScenarioTest extends Scenario {
  private static final String PASSWORD = "r3pl:pw";

  @Test
  void aClusterWithoutChecksumsIsRefusedARebalanceAndNothingIsStopped() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.simulation().faults().withoutChecksums();
    switchedAndRecovered("plain", TestMirrorSets.group().build());
    String uid = pod("plain", 0).getMetadata().getUid();
    try (PrimarySampler sampler = new PrimarySampler(env.simulation())) {
      MirrorSetStatus refused = requestAndAwaitRefusal("plain");

      assertThat(refused.getRebalance().getMessage())
          .contains("neither data checksums nor wal_log_hints");
      assertNothingStopped("plain", uid);

      // The DBA turns wal_log_hints on (gpconfig, restart): the waiting request goes on.
      env.simulation().faults().walLogHintsOn();
      awaitRebalanced("plain");
      sampler.assertNeverTwoPrimaries();
    }
  }

  @Test
  void aReplicationRoleWithoutRewindRightsIsRefusedARebalanceAndNothingIsStopped()
      throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.simulation().replicationRole("replicator", PASSWORD, false);
    switchedAndRecovered("norights", withReplicationRole());
    String uid = pod("norights", 0).getMetadata().getUid();
    try (PrimarySampler sampler = new PrimarySampler(env.simulation())) {
      MirrorSetStatus refused = requestAndAwaitRefusal("norights");

      assertThat(refused.getRebalance().getMessage())
          .contains(
              "replicator is not a superuser",
              "pg_read_binary_file(text)",
              "TEMPORARY on template1");
      assertNothingStopped("norights", uid);

      // The DBA runs the README's GRANTs: the waiting request goes on, the rewind runs as the role.
      env.simulation().faults().grantRewindRights("replicator");
      awaitRebalanced("norights");
      sampler.assertNeverTwoPrimaries();
    }
  }

  @Test
  void aReplicationRoleWithTheGrantsRewindsAsItself() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.simulation().replicationRole("replicator", PASSWORD, true);
    switchedAndRecovered("granted", withReplicationRole());

    requestRebalance("granted", "now");
    awaitRebalanced("granted");
  }

  // --- steps ---

  private MirrorSetSpec withReplicationRole() {
    replicationSecret(PASSWORD);
    MirrorSetSpec spec = TestMirrorSets.group().build();
    ReplicationSpec replication = new ReplicationSpec();
    replication.setUser("replicator");
    replication.setPasswordSecret(new SecretKeyRef("gp-replication", "password"));
    spec.setReplication(replication);
    return spec;
  }

  /** Mirrors added; content 0 failed over; its old primary recovered by the DBA; all in sync. */
  private void switchedAndRecovered(String name, MirrorSetSpec spec) throws Exception {
    apply(name, spec);
    awaitPhase(name, "Synchronized");
    env.simulation().failPrimary(0);
    awaitStatus(name, s -> "ActingAsPrimary".equals(s.getMirrors().get(0).getState()));
    env.simulation().recoverOldPrimary(0);
    awaitAllPairsInSync();
  }

  private MirrorSetStatus requestAndAwaitRefusal(String name) {
    requestRebalance(name, "now");
    return awaitStatus(
        name,
        s ->
            s.getRebalance() != null
                && "Waiting".equals(s.getRebalance().getStage())
                && s.getRebalance().getMessage().startsWith("refused, nothing is stopped"));
  }

  /** The rebalance of content 0 done by a rewind (no second copy), every pair in sync. */
  private void awaitRebalanced(String name) throws Exception {
    MirrorSetStatus done =
        awaitStatus(
            name,
            s ->
                s.getRebalance() != null
                    && "Done".equals(s.getRebalance().getStage())
                    && "Synchronized".equals(s.getPhase()));

    assertThat(done.getRebalance().getRebalanced()).containsExactly(0);
    assertThat(env.simulation().rewinds(0)).isEqualTo(1);
    assertThat(env.simulation().copies(0)).isEqualTo(1);
    assertThat(env.simulation().log(name + "-m0")).contains("rewound: dbid=");
    awaitAllPairsInSync();
  }

  private void assertNothingStopped(String name, String uid) throws Exception {
    assertThat(pod(name, 0).getMetadata().getUid()).as("the acting primary's pod").isEqualTo(uid);
    Segment ours = catalogNow().mirrorsByContent().get(0);
    assertThat(ours.role().code()).as("still the acting primary").isEqualTo('p');
    assertThat(env.simulation().rewinds(0)).isZero();
    assertThat(env.simulation().copies(0)).isEqualTo(1);
  }
}
