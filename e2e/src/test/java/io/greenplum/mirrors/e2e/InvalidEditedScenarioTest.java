package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import org.junit.jupiter.api.Test;

/** An invalid MirrorSet edited into a valid one proceeds to the end. */
class InvalidEditedScenarioTest extends Scenario {
  @Test
  void anInvalidSpecTouchesNothingUntilItIsFixed() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");

    apply("edited", TestMirrorSets.spread().build());
    MirrorSetStatus invalid = awaitPhase("edited", "Invalid");

    assertThat(Conditions.find(invalid.getConditions(), Conditions.SPEC_VALID).getReason())
        .isEqualTo("SpreadNeedsMoreHosts");
    assertThat(pods("edited")).isEmpty();
    assertThat(catalogNow().mirrors()).isEmpty();

    edit(
        "edited",
        spec -> spec.getPlacement().setStrategy(io.greenplum.mirrors.api.PlacementStrategy.Group));
    MirrorSetStatus done = awaitPhase("edited", "Synchronized");

    assertThat(done.getSynchronizedCount()).isEqualTo(4);
    assertThat(Conditions.find(done.getConditions(), Conditions.SPEC_VALID).getStatus())
        .isEqualTo("True");
    assertThat(pods("edited")).hasSize(4);
  }
}
