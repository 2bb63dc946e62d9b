package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Failover and rebalance (DESIGN.md "Day 2", operator-failover-rebalance-on-real-cluster.txt): two
 * primaries fail and FTS promotes our mirrors; the DBA recovers the old primaries (gprecoverseg
 * -a); a rebalance asked for with the annotation waits for that, then switches each content back,
 * one at a time: our acting primary stopped, the preferred primary promoted, our directory rewound
 * with pg_rewind (not copied) and in sync again.
 */
class RebalanceScenarioTest extends Scenario {

  @Test
  void switchedContentsGoBackToTheirPreferredRolesOneAtATimeByRewind() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    var spec = TestMirrorSets.group().build();
    spec.getRecovery().setStallTimeout("3s");
    apply("back", spec);
    awaitPhase("back", "Synchronized");
    String uid0 = pod("back", 0).getMetadata().getUid();
    env.simulation().failPrimary(0);
    env.simulation().failPrimary(3);
    awaitStatus(
        "back",
        s ->
            "ActingAsPrimary".equals(s.getMirrors().get(0).getState())
                && "ActingAsPrimary".equals(s.getMirrors().get(3).getState()));

    requestRebalance("back", "first");
    assertWaitsForTheOldPrimariesAndSaysSo(uid0);

    List<String> whilePromoting = new CopyOnWriteArrayList<>();
    ScheduledExecutorService watcher = watchContentsWithoutOurPod("back", whilePromoting);
    Instant asked = Instant.now();
    env.simulation().recoverOldPrimary(0);
    env.simulation().recoverOldPrimary(3);
    MirrorSetStatus done =
        awaitStatus(
            "back",
            s ->
                s.getRebalance() != null
                    && "Done".equals(s.getRebalance().getStage())
                    && "Synchronized".equals(s.getPhase()));
    Duration took = Duration.between(asked, Instant.now());
    watcher.shutdownNow();

    assertThat(done.getRebalance().getRebalanced()).containsExactly(0, 3);
    assertPreferredRolesAndInSync();
    for (int content : new int[] {0, 3}) {
      assertThat(env.simulation().rewinds(content)).as("rewound once").isEqualTo(1);
      assertThat(env.simulation().copies(content)).as("never copied again").isEqualTo(1);
      assertThat(initMessage(pod("back", content))).startsWith("rewound: dbid=");
    }
    assertThat(env.simulation().copies(1)).isEqualTo(1);
    assertThat(whilePromoting).as("one content at a time").doesNotContain("0+3", "3+0");
    assertThat(whilePromoting).as("each content's acting primary was stopped").contains("0", "3");
    assertThat(env.simulation().startsOnIncompleteDirectories()).isEmpty();
    List<String> history = env.cluster().emulation().history();
    int content0Synced = lastIndexOf(history, "with contentid 0 to m, u, and s");
    int content3Promoted = lastIndexOf(history, "with contentid 3 to p, u, and n");
    assertThat(content3Promoted)
        .as("content 3 switched only after content 0 was in sync again")
        .isGreaterThan(content0Synced);
    assertThat(events("RebalancePromoting")).hasSize(2);
    assertThat(events("RebalanceDone")).singleElement().asString().contains("[0, 3]");
    System.out.printf(
        "rebalance of 2 contents (old primaries recovered -> both back in preferred roles and in"
            + " sync): %d ms (simulation)%n",
        took.toMillis());

    // The request is answered: a later failover is reported, not switched back by itself.
    env.simulation().failPrimary(1);
    MirrorSetStatus later =
        awaitStatus("back", s -> "ActingAsPrimary".equals(s.getMirrors().get(1).getState()));
    assertThat(later.getRebalance().getStage()).isEqualTo("Done");
    assertThat(catalogNow().mirrorsByContent().get(1).role().code()).isEqualTo('p');
  }

  /**
   * The request waits while the old primaries are down (nothing stopped), says why, and once it has
   * waited longer than recovery.stallTimeout the MirrorSet is Degraded with that reason.
   */
  private void assertWaitsForTheOldPrimariesAndSaysSo(String uid0) {
    MirrorSetStatus waiting =
        awaitStatus(
            "back", s -> s.getRebalance() != null && "Waiting".equals(s.getRebalance().getStage()));
    assertThat(waiting.getRebalance().getMessage())
        .contains("old primary dbid 2", "gprecoverseg -a");
    assertThat(waiting.getMirrors().get(0).getMessage()).contains("gprecoverseg -a");
    MirrorSetStatus stalled =
        awaitStatus(
            "back",
            s ->
                Conditions.find(s.getConditions(), Conditions.DEGRADED)
                    .getMessage()
                    .contains("greenplum.io/rebalance=first has waited"));
    assertThat(Conditions.find(stalled.getConditions(), Conditions.DEGRADED).getMessage())
        .as("a wait past recovery.stallTimeout is reported with what it waits for")
        .contains("(longer than recovery.stallTimeout): a content is switched back only while");
    assertThat(pod("back", 0).getMetadata().getUid())
        .as("not stopped while waiting")
        .isEqualTo(uid0);
  }

  @Test
  void anActingPrimaryWhosePodIsLostIsMadeAgainAsThePrimaryItIs() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("kept", TestMirrorSets.group().build());
    awaitPhase("kept", "Synchronized");
    env.simulation().failPrimary(2);
    awaitStatus("kept", s -> "ActingAsPrimary".equals(s.getMirrors().get(2).getState()));
    String uid = pod("kept", 2).getMetadata().getUid();

    // Its old primary is down: FTS cannot fail back, so the content waits for our pod.
    env.client()
        .pods()
        .inNamespace(NAMESPACE)
        .withName(pod("kept", 2).getMetadata().getName())
        .delete();
    awaitStatus(
        "kept",
        s ->
            !uid.equals(pod("kept", 2).getMetadata().getUid())
                && "ActingAsPrimary".equals(s.getMirrors().get(2).getState())
                && s.getMirrors().get(2).getPod() != null
                && initMessageOrEmpty(2).startsWith("kept: dbid="));

    assertThat(initMessageOrEmpty(2)).contains("acts as primary");
    assertThat(env.simulation().rewinds(2)).isZero();
    assertThat(env.simulation().copies(2)).isEqualTo(1);
    assertThat(catalogNow().mirrorsByContent().get(2).role().code()).isEqualTo('p');
  }

  private String initMessageOrEmpty(int content) {
    var pod = pod("kept", content);
    if (pod == null
        || pod.getStatus() == null
        || pod.getStatus().getInitContainerStatuses() == null
        || pod.getStatus().getInitContainerStatuses().isEmpty()
        || pod.getStatus().getInitContainerStatuses().get(0).getState().getTerminated() == null) {
      return "";
    }
    return initMessage(pod);
  }

  /**
   * Samples, every 20 ms until stopped, which contents lack our pod at the same time while a
   * rebalance runs ("0+3" would mean two contents switched at once).
   */
  private ScheduledExecutorService watchContentsWithoutOurPod(String name, List<String> seen) {
    ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
    watcher.scheduleAtFixedRate(
        () -> {
          List<String> missing = new ArrayList<>();
          for (int c : new int[] {0, 3}) {
            var pod = pod(name, c);
            if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
              missing.add(String.valueOf(c));
            }
          }
          seen.add(String.join("+", missing));
        },
        0,
        20,
        TimeUnit.MILLISECONDS);
    return watcher;
  }

  private static int lastIndexOf(List<String> history, String text) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
