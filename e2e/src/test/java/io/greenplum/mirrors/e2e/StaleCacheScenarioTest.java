package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A pass never decides from a status older than the last one the operator wrote (issue 21, sequence
 * 4): with the operator's informer held three MirrorSet writes behind, a rebalance stops the acting
 * primary once, waits for the promotion it recorded, rewinds once, and never makes the stopped
 * acting primary's pod again while FTS promotes the other side. Production writes status the way
 * this runs (StatusWriter, read-your-writes): there is no other path.
 */
class StaleCacheScenarioTest extends Scenario {

  @Test
  void aRebalanceDecidedFromAnInformerThreeWritesBehindStopsAndRewindsOnce() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("stale", TestMirrorSets.group().build());
    awaitPhase("stale", "Synchronized");
    env.simulation().failPrimary(0);
    env.simulation().failPrimary(3);
    awaitStatus(
        "stale",
        s ->
            "ActingAsPrimary".equals(s.getMirrors().get(0).getState())
                && "ActingAsPrimary".equals(s.getMirrors().get(3).getState()));
    env.simulation().recoverOldPrimary(0);
    env.simulation().recoverOldPrimary(3);

    env.mirrorSetWatchBehind(3);
    try (PrimarySampler sampler = new PrimarySampler(env.simulation())) {
      requestRebalance("stale", "after-failover");
      awaitStatus(
          "stale",
          s ->
              s.getRebalance() != null
                  && "Done".equals(s.getRebalance().getStage())
                  && "Synchronized".equals(s.getPhase()));
      sampler.assertNeverTwoPrimaries();
    }

    assertThat(env.lateMirrorSetEvents()).as("the informer was behind").isGreaterThan(5);
    assertThat(events("RebalancePromoting")).as("each stopped once").hasSize(2);
    for (int content : new int[] {0, 3}) {
      assertThat(env.simulation().rewinds(content)).as("rewound once").isEqualTo(1);
      assertThat(env.simulation().copies(content)).as("never copied again").isEqualTo(1);
    }
    assertPreferredRolesAndInSync();
  }
}
