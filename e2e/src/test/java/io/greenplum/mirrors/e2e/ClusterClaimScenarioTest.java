package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One cluster, one owner (issue 21, sequence 6): the same manifest applied under a second name is
 * refused with ClusterClaimed naming the owner, makes no pod, and its RemoveMirrors deletion
 * removes nothing of the owner's mirrors; once the owner is deleted with Retain, applying it again
 * adopts the cluster.
 */
class ClusterClaimScenarioTest extends Scenario {

  @Test
  void aSecondMirrorSetForTheSameClusterIsRefusedAndItsDeletionRemovesNothing() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("first", TestMirrorSets.group().build());
    awaitPhase("first", "Synchronized");
    String owner = mirrorSet("first").getMetadata().getUid();
    assertThat(env.cluster().emulation().history())
        .as("the claim, on the coordinator's dbid")
        .contains("1: gpmirrors: mirrors managed by MirrorSet greenplum/first uid " + owner);
    SegmentConfiguration catalog = catalogNow();

    MirrorSetSpec copy = TestMirrorSets.group().build();
    copy.setDeletionPolicy(DeletionPolicy.RemoveMirrors);
    apply("copy", copy);
    MirrorSetStatus refused = awaitClaimedElsewhere("copy");
    assertThat(Conditions.find(refused.getConditions(), Conditions.DEGRADED).getMessage())
        .contains("managed by MirrorSet greenplum/first (uid " + owner + ")");
    Thread.sleep(2000);
    assertThat(pods("copy")).isEmpty();
    assertThat(preflightPods("copy")).isEmpty();
    assertThat(volumes("copy")).isEmpty();

    env.simulation().killMirror(1);
    awaitStatus(
        "first",
        s -> "Synchronized".equals(s.getPhase()) && s.getMirrors().get(1).getRecovery() == null);
    assertThat(pods("copy")).as("the owner recovers; the other does nothing").isEmpty();

    deleteAndAwaitGone("copy", Duration.ofSeconds(30));
    assertThat(events("MirrorsNotRemoved")).singleElement().asString().contains("greenplum/first");
    Thread.sleep(1000);
    assertThat(catalogNow().mirrors()).as("no mirror row removed").hasSize(4);
    assertThat(catalogNow().mirrors()).isEqualTo(catalog.mirrors());
    assertThat(status("first").getPhase()).isEqualTo("Synchronized");

    List<String> podUids = uids(pods("first"));
    deleteAndAwaitGone("first", Duration.ofSeconds(30));
    apply("other", TestMirrorSets.group().build());
    MirrorSetStatus leftovers = awaitClaimedElsewhere("other");
    assertThat(Conditions.find(leftovers.getConditions(), Conditions.DEGRADED).getMessage())
        .as("another name would start a second pod beside each retained one")
        .contains("whose mirror pods and volume claims still run");
    assertThat(pods("other")).isEmpty();
    deleteAndAwaitGone("other", Duration.ofSeconds(30));

    apply("first", TestMirrorSets.group().build());
    awaitPhase("first", "Synchronized");
    assertThat(uids(pods("first"))).as("adopted, no pod restarted").isEqualTo(podUids);
    assertThat(env.cluster().emulation().history())
        .anyMatch(
            h ->
                h.contains(
                        "mirrors managed by MirrorSet greenplum/first uid "
                            + mirrorSet("first").getMetadata().getUid())
                    && h.contains("adopted from greenplum/first (uid " + owner + ")"));
  }

  private MirrorSetStatus awaitClaimedElsewhere(String name) {
    return awaitStatus(
        name,
        s ->
            s.getConditions().stream()
                .anyMatch(
                    c ->
                        Conditions.DEGRADED.equals(c.getType())
                            && "ClusterClaimed".equals(c.getReason())));
  }

  private static List<String> uids(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getUid()).sorted().toList();
  }
}
