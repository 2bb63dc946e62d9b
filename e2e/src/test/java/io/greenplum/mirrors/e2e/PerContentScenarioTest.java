package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decisions are made per content and the operator always observes: a failing replication view, a
 * blocked move or a failover elsewhere never stops it from looking after the mirrors that are its
 * own.
 */
class PerContentScenarioTest extends Scenario {
  @Test
  void aPodIsRecreatedWhileTheReplicationViewFails() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("blind", TestMirrorSets.group().build());
    awaitPhase("blind", "Synchronized");
    String uid = pod("blind", 1).getMetadata().getUid();

    env.cluster().emulation().segmentDownForDispatch(true);
    env.client().pods().inNamespace(NAMESPACE).withName(Names.mirror("blind", 1)).delete();
    MirrorSetStatus blind =
        awaitStatus(
            "blind",
            s ->
                "ReplicationViewUnavailable"
                    .equals(Conditions.find(s.getConditions(), Conditions.DEGRADED).getReason()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pod("blind", 1), p -> p != null && !p.getMetadata().getUid().equals(uid));

    assertThat(Conditions.find(blind.getConditions(), Conditions.DEGRADED).getMessage())
        .contains("FTS detected one or more segments are down");
    env.cluster().emulation().segmentDownForDispatch(false);
    awaitPhase("blind", "Synchronized");
  }

  @Test
  void aMoveThatCannotStartStillLooksAfterTheMirrorsThatAreTheMirrorSets() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("moved", TestMirrorSets.group().automaticMoves().build());
    awaitPhase("moved", "Synchronized");
    String uid = pod("moved", 0).getMetadata().getUid();
    // The first move's new host cannot copy: no move starts (its preflight fails).
    env.simulation().refuseReplicationFrom("sdw2");

    // A new directory (a port change alone is checked by no preflight).
    edit("moved", s -> s.setDataDirectories(new java.util.ArrayList<>(List.of("/data/moved"))));
    awaitStatus(
        "moved",
        s ->
            "PreflightFailed"
                .equals(Conditions.find(s.getConditions(), Conditions.DEGRADED).getReason()));
    env.client().pods().inNamespace(NAMESPACE).withName(Names.mirror("moved", 0)).delete();
    Pod again =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> pod("moved", 0), p -> p != null && !p.getMetadata().getUid().equals(uid));
    MirrorSetStatus status =
        awaitStatus("moved", s -> "Synchronized".equals(s.getMirrors().get(0).getState()));

    assertThat(again.getSpec().getContainers().get(0).getCommand())
        .as("built from the catalog's row, not the plan")
        .contains("/data/mirror/gpseg0");
    assertThat(status.getMirrors())
        .extracting(m -> m.getDataDirectory())
        .containsExactly(
            "/data/mirror/gpseg0",
            "/data/mirror/gpseg1",
            "/data/mirror/gpseg2",
            "/data/mirror/gpseg3");
    assertThat(status.getPhase()).isEqualTo("Degraded");
  }

  @Test
  void aMirrorActingAsPrimaryIsKeptThroughARestartAnEditAndAnotherRecovery() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("held", TestMirrorSets.group().build());
    awaitPhase("held", "Synchronized");
    String uid = pod("held", 0).getMetadata().getUid();

    env.simulation().failPrimary(0);
    awaitStatus("held", s -> "ActingAsPrimary".equals(s.getMirrors().get(0).getState()));
    env.stopOperator();
    env.startOperator();
    edit("held", s -> s.setMaxParallel(2));
    env.simulation().killMirror(2);
    MirrorSetStatus status =
        awaitStatus(
            "held",
            s ->
                "Synchronized".equals(s.getMirrors().get(2).getState())
                    && s.getMirrors().get(2).getRecovery() == null
                    && !"Synchronized".equals(s.getPhase()));

    assertThat(pod("held", 0).getMetadata().getUid()).as("never deleted").isEqualTo(uid);
    assertThat(status.getMirrors().get(0).getState()).isEqualTo("ActingAsPrimary");
    assertThat(status.getMirrors().get(0).getMessage()).contains("gprecoverseg");
    assertThat(catalogNow().mirrorsByContent().get(0).role().code()).isEqualTo('p');
  }
}
