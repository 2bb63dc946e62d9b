package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import org.junit.jupiter.api.Test;

/** A mirror pod deleted by hand: reported Down at once, recreated on its volume, in sync again. */
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

    env.client().pods().inNamespace(NAMESPACE).withName(Names.mirror("heal", 1)).delete();
    MirrorSetStatus down =
        awaitStatus(
            "heal",
            s -> s.getMirrors().size() == 4 && "Down".equals(s.getMirrors().get(1).getState()));

    assertThat(down.getPhase()).isEqualTo("Degraded");
    assertThat(down.getMirrors().get(1).getStatus()).as("FTS has not noticed yet").isEqualTo("u");
    awaitPhase("heal", "Synchronized");
    var pod = env.client().pods().inNamespace(NAMESPACE).withName(Names.mirror("heal", 1)).get();
    assertThat(pod.getMetadata().getUid()).isNotEqualTo(uid);
    assertThat(catalogNow().mirrorsByContent().get(1).dbid()).isEqualTo(dbid);
    assertThat(volumes("heal")).hasSize(4);
  }
}
