package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A full copy after a move copies (issue 22, sequence 3): once content 0's mirror has moved to new
 * ports (a new claim; the one it left is kept, deletionPolicy Retain), the WAL it needs is removed
 * on its primary: the full recovery gives its copy token to the claim at the catalog's place, and
 * the pod made there copies again. Before, the token went to the claim it had left, the pod kept
 * its directory ("kept: complete copy") and the row said "Full recovery ... catching up" for ever.
 */
class FullCopyAfterMoveScenarioTest extends Scenario {

  @Test
  void aMovedMirrorWhoseWalWasRemovedIsCopiedAgainAtItsNewPlace() throws Exception {
    start(SimulatedEnvironment.layout(2, 1), "sdw1", "sdw2");
    apply("moved", TestMirrorSets.group().automaticMoves().build());
    awaitPhase("moved", "Synchronized");
    int dbid = catalogNow().mirrorsByContent().get(0).dbid();
    String directory = catalogNow().mirrorsByContent().get(0).dataDirectory();

    // A new directory (a port change alone would keep the claim): a new claim, copied.
    edit("moved", s -> s.setDataDirectories(new java.util.ArrayList<>(List.of("/data/moved"))));
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                !catalogNow().mirrorsByContent().get(0).dataDirectory().equals(directory)
                    && status("moved").getStaleVolumes() != null
                    && !status("moved").getStaleVolumes().isEmpty()
                    && "Synchronized".equals(status("moved").getPhase()));
    int copies = env.simulation().copies(0);

    env.simulation().removeWal(0);
    env.simulation().killMirror(0);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                env.simulation().copies(0) == copies + 1
                    && events("MirrorRecovered").size() >= 1
                    && "Synchronized".equals(status("moved").getPhase()));

    var claim =
        volumes("moved").stream()
            .filter(v -> v.getMetadata().getName().contains("-m0-d" + dbid + "-"))
            .findFirst()
            .orElseThrow();
    String token = claim.getMetadata().getAnnotations().get(MirrorResources.COPY_TOKEN);
    assertThat(token).as("the token is on the claim at the new place").isNotNull();
    assertThat(initMessage(pod("moved", 0))).startsWith("copied: dbid=" + dbid + " copy=" + token);
    assertThat(catalogNow().mirrorsByContent().get(0).dbid()).isEqualTo(dbid);
  }
}
