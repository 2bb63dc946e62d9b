package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.ReplicationSpec;
import io.greenplum.mirrors.api.SecretKeyRef;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.Map;
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
    env.simulation().withoutChecksums();
    switchedAndRecovered("plain", TestMirrorSets.group().build());
    String uid = pod("plain", 0).getMetadata().getUid();

    MirrorSetStatus refused = requestAndAwaitRefusal("plain");

    assertThat(refused.getRebalance().getMessage())
        .contains("neither data checksums nor wal_log_hints");
    assertNothingStopped("plain", uid);
  }

  @Test
  void aReplicationRoleWithoutRewindRightsIsRefusedARebalanceAndNothingIsStopped()
      throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.simulation().replicationRole("replicator", PASSWORD, false);
    switchedAndRecovered("norights", withReplicationRole());
    String uid = pod("norights", 0).getMetadata().getUid();

    MirrorSetStatus refused = requestAndAwaitRefusal("norights");

    assertThat(refused.getRebalance().getMessage())
        .contains(
            "replicator is not a superuser", "pg_read_binary_file(text)", "TEMPORARY on template1");
    assertNothingStopped("norights", uid);
  }

  @Test
  void aReplicationRoleWithTheGrantsRewindsAsItself() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.simulation().replicationRole("replicator", PASSWORD, true);
    switchedAndRecovered("granted", withReplicationRole());

    requestRebalance("granted", "now");
    MirrorSetStatus done =
        awaitStatus(
            "granted",
            s ->
                s.getRebalance() != null
                    && "Done".equals(s.getRebalance().getStage())
                    && "Synchronized".equals(s.getPhase()));

    assertThat(done.getRebalance().getRebalanced()).containsExactly(0);
    assertThat(env.simulation().rewinds(0)).isEqualTo(1);
    assertThat(env.simulation().copies(0)).isEqualTo(1);
    assertThat(env.simulation().log("granted-m0")).contains("rewound: dbid=");
  }

  // --- steps ---

  private MirrorSetSpec withReplicationRole() {
    env.client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("gp-replication")
                .withNamespace(NAMESPACE)
                .addToLabels(MirrorSet.CREDENTIALS_LABEL, "true")
                .endMetadata()
                .withStringData(Map.of("password", PASSWORD))
                .build())
        .createOr(r -> r.update());
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
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                catalogNow().segments().stream()
                    .filter(s -> s.content() >= 0)
                    .allMatch(
                        s ->
                            s.mode() == SegmentMode.SYNCHRONIZED
                                && s.status() == SegmentStatus.UP));
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

  private void assertNothingStopped(String name, String uid) throws Exception {
    assertThat(pod(name, 0).getMetadata().getUid()).as("the acting primary's pod").isEqualTo(uid);
    Segment ours = catalogNow().mirrorsByContent().get(0);
    assertThat(ours.role().code()).as("still the acting primary").isEqualTo('p');
    assertThat(env.simulation().rewinds(0)).isZero();
    assertThat(env.simulation().copies(0)).isEqualTo(1);
  }
}
