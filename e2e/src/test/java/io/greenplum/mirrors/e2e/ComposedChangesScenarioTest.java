package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Day-2 changes met (issue 22, sequences 1 and 2) on 4 hosts x 2 primaries: the rule of disruption
 * lets one content at a time lose its redundancy by the operator's choice, whatever is asked at
 * once, and a move under way is planned again from where the cluster is when the spec changes.
 * Before the rule, the first case saw content 0 without its mirror (its move) while content 1 had
 * no primary (the rebalance's stop), and the second waited for ever: "sdw3:7000 ... is held by dbid
 * 12".
 */
class ComposedChangesScenarioTest extends Scenario {
  private static final String[] HOSTS = {"sdw1", "sdw2", "sdw3", "sdw4"};
  private static final int CONTENTS = 8;

  @Test
  void aRebalanceAskedWithAPortsEditSwitchesBackFirstThenMovesOneContentAtATime() throws Exception {
    start(SimulatedEnvironment.layout(4, 2), HOSTS);
    apply("both", TestMirrorSets.group().hosts(HOSTS).automaticMoves().build());
    awaitPhase("both", "Synchronized");
    env.simulation().failPrimary(1);
    awaitStatus("both", s -> "ActingAsPrimary".equals(s.getMirrors().get(1).getState()));
    // The moves are pending while content 1 is out of sync (port changes: no preflight).
    edit("both", s -> s.getPorts().setOffset(1500));
    awaitStatus("both", s -> s.getMoves() != null && s.getMoves().size() == CONTENTS);

    // The DBA asks for the rebalance and recovers the old primary (its world at once).
    requestRebalance("both", "after-failover");
    env.simulation().recoverOldPrimary(1);
    try (PrimarySampler sampler = new PrimarySampler(env.simulation(), CONTENTS)) {
      Instant asked = Instant.now();
      awaitOrDescribe(
          "both", s -> s.getRebalance() != null && "Done".equals(s.getRebalance().getStage()));
      // The switch back is over: by now a move begun beside it would have been seen.
      sampler.assertNeverTwoContentsWithoutRedundancy();
      MirrorSetStatus done =
          awaitOrDescribe(
              "both",
              s ->
                  s.getRebalance() != null
                      && "Done".equals(s.getRebalance().getStage())
                      && s.getMoves() == null
                      && "Synchronized".equals(s.getPhase()));
      System.out.printf(
          "rebalance of content 1 asked as its old primary was recovered, moves of ports.offset"
              + " 1500 pending: %d ms"
              + " (simulation)%n",
          Duration.between(asked, Instant.now()).toMillis());

      assertThat(done.getRebalance().getRebalanced()).containsExactly(1);
      assertPreferredRolesAndInSync();
      sampler.assertNeverTwoPrimaries();
      sampler.assertNeverTwoContentsWithoutRedundancy();
    }
    assertThat(events("MirrorMoveStarted")).isNotEmpty();
    assertThat(env.simulation().rewinds(1)).isEqualTo(1);
  }

  @Test
  void aSecondEditWhileAMirrorIsStoppedForItsMoveIsPlannedFromWhereTheClusterIs() throws Exception {
    start(SimulatedEnvironment.layout(4, 2), HOSTS);
    apply("twice", TestMirrorSets.group().hosts(HOSTS).automaticMoves().build());
    awaitPhase("twice", "Synchronized");

    try (PrimarySampler sampler = new PrimarySampler(env.simulation(), CONTENTS)) {
      edit("twice", s -> s.getPorts().setOffset(1500));
      // Content 0 moves first; once content 1's mirror is stopped for its move, a second edit.
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> movingAndStopped(1));
      Instant edited = Instant.now();
      edit(
          "twice",
          s -> {
            s.getPlacement().setStrategy(PlacementStrategy.Spread);
            s.getPorts().setOffset(1000);
          });
      awaitOrDescribe("twice", s -> s.getMoves() == null && "Synchronized".equals(s.getPhase()));
      System.out.printf(
          "a second edit mid-move (offset 1500 -> Spread and offset 1000): converged in %d ms"
              + " (simulation)%n",
          Duration.between(edited, Instant.now()).toMillis());

      assertPreferredRolesAndInSync();
      sampler.assertNeverTwoPrimaries();
      sampler.assertNeverTwoContentsWithoutRedundancy();
    }
    System.out.println("moves called off: " + events("MirrorMoveCalledOff"));
  }

  /** Until {@code condition} holds, within 240 s; else fails with the status described. */
  private MirrorSetStatus awaitOrDescribe(
      String name, java.util.function.Predicate<MirrorSetStatus> condition) {
    Duration limit = Duration.ofSeconds(Long.getLong("composed.wait", 240));
    try {
      return await()
          .atMost(limit)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> status(name), s -> s != null && condition.test(s));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "not within " + limit.toSeconds() + " s: " + describe(status(name)), e);
    }
  }

  /** Content's old claim is marked for its move and its pod is gone (stopped). */
  private boolean movingAndStopped(int content) {
    for (PersistentVolumeClaim v : volumes("twice")) {
      Map<String, String> a = v.getMetadata().getAnnotations();
      if (v.getMetadata().getName().contains("-m" + content + "-d")
          && a != null
          && a.get(Annotations.MOVING_TO) != null
          && pod("twice", content) == null) {
        return true;
      }
    }
    return false;
  }
}
