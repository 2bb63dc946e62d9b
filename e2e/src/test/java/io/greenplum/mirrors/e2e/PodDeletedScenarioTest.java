package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A mirror pod deleted by hand: reported Down (a Warning event), recreated on its volume, in sync
 * again.
 */
class PodDeletedScenarioTest extends Scenario {
  @Test
  void aDeletedPodIsReportedRecreatedAndSynchronisedAgain() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("heal", TestMirrorSets.group().build());
    awaitPhase("heal", "Synchronized");
    String uid =
        env.client()
            .pods()
            .inNamespace(NAMESPACE)
            .withName(Names.mirror("heal", 1))
            .get()
            .getMetadata()
            .getUid();
    int dbid = catalogNow().mirrorsByContent().get(1).dbid();

    long deleted = System.nanoTime();
    java.time.Instant deletedAt = java.time.Instant.now();
    env.client().pods().inNamespace(NAMESPACE).withName(Names.mirror("heal", 1)).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> env.simulation().mirrorStopped(1) != null);
    System.out.printf(
        "pod deleted -> its mirror stopped (WAL sender gone) in %d ms (simulation, preStop fast"
            + " shutdown; %.0f ms measured by the test's poll)%n",
        java.time.Duration.between(deletedAt, env.simulation().mirrorStopped(1)).toMillis(),
        (System.nanoTime() - deleted) / 1e6);
    Event down =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    env.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                        .filter(e -> "MirrorDown".equals(e.getReason()))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();

    assertThat(down.getType()).isEqualTo("Warning");
    assertThat(down.getInvolvedObject().getName()).isEqualTo("heal");
    assertThat(down.getMessage()).startsWith("mirror of content 1: ");
    awaitPhase("heal", "Synchronized");
    var pod = env.client().pods().inNamespace(NAMESPACE).withName(Names.mirror("heal", 1)).get();
    assertThat(pod.getMetadata().getUid()).isNotEqualTo(uid);
    assertThat(catalogNow().mirrorsByContent().get(1).dbid()).isEqualTo(dbid);
    assertThat(volumes("heal")).hasSize(4);
  }
}
