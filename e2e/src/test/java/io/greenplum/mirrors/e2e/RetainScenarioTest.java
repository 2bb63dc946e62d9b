package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.reconciler.MirrorSetReconciler;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deletionPolicy Retain (the default): deleting the MirrorSet, as kubectl delete or a GitOps prune
 * does, leaves every mirror running and the catalog as it is; applying the same MirrorSet again
 * adopts them without a pod restart, a new volume or a catalog write other than its claim.
 */
class RetainScenarioTest extends Scenario {
  @Test
  void deletedThenAppliedAgainAdoptsTheRunningMirrors() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("kept", TestMirrorSets.group().build());
    awaitPhase("kept", "Synchronized");
    assertThat(mirrorSet("kept").getMetadata().getFinalizers())
        .containsExactly(MirrorSetReconciler.FINALIZER);
    SegmentConfiguration catalog = catalogNow();
    List<String> history = env.cluster().emulation().history();
    List<String> podUids = uids(pods("kept"));
    List<String> volumeUids = uids(volumes("kept"));

    deleteAndAwaitGone("kept", Duration.ofSeconds(30));

    assertThat(reasons()).contains("MirrorsRetained");
    Thread.sleep(1000);
    assertThat(uids(pods("kept"))).isEqualTo(podUids);
    assertThat(uids(volumes("kept"))).isEqualTo(volumeUids);
    assertThat(pods("kept"))
        .allSatisfy(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNull());
    assertThat(catalogNow()).isEqualTo(catalog);

    apply("kept", TestMirrorSets.group().build());
    MirrorSetStatus adopted = awaitPhase("kept", "Synchronized");

    assertThat(adopted.getSynchronizedCount()).isEqualTo(4);
    assertThat(uids(pods("kept"))).as("no pod restarted").isEqualTo(podUids);
    assertThat(uids(volumes("kept"))).as("no new volume").isEqualTo(volumeUids);
    assertThat(catalogNow()).isEqualTo(catalog);
    List<String> after = env.cluster().emulation().history();
    assertThat(after.subList(0, history.size())).isEqualTo(history);
    assertThat(after.subList(history.size(), after.size()))
        .as("one history row, the new MirrorSet's claim; no other catalog write")
        .singleElement()
        .asString()
        .contains(
            "gpmirrors: mirrors managed by MirrorSet greenplum/kept uid "
                + mirrorSet("kept").getMetadata().getUid(),
            "(adopted from greenplum/kept (uid ");
    assertThat(preflightPods("kept")).isEmpty();
    for (int content = 0; content < 4; content++) {
      assertThat(env.simulation().copies(content)).isEqualTo(1);
    }
  }

  private static List<String> uids(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getUid()).sorted().toList();
  }

  private List<String> reasons() {
    return env.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .map(Event::getReason)
        .toList();
  }
}
