package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An invalid edit holds back what it asks for, never the care of the registered mirrors (issue 21,
 * sequence 2): with the spec Invalid, an evicted acting primary's pod is made again and a killed
 * mirror is recovered, while the mirrors stay where they are.
 */
class HeldChangesScenarioTest extends Scenario {

  @Test
  void anInvalidEditStillLetsTheOperatorLookAfterItsMirrors() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("held", TestMirrorSets.group().automaticMoves().build());
    awaitPhase("held", "Synchronized");
    Map<Integer, String> places = places();

    // Spread needs more hosts than two: a planner error, as after a gpexpand or a bad merge.
    edit("held", spec -> spec.getPlacement().setStrategy(PlacementStrategy.Spread));
    MirrorSetStatus invalid = awaitPhase("held", "Invalid");
    var specValid = Conditions.find(invalid.getConditions(), Conditions.SPEC_VALID);
    assertThat(specValid.getReason()).isEqualTo("SpreadNeedsMoreHosts");
    assertThat(specValid.getMessage())
        .contains("what the spec changes waits until it is valid again")
        .contains("the registered mirrors are still looked after");

    env.simulation().failPrimary(0);
    awaitStatus("held", s -> "ActingAsPrimary".equals(s.getMirrors().get(0).getState()));
    int ours = catalogNow().mirrorsByContent().get(0).dbid();
    String evicted = pod("held", 0).getMetadata().getUid();
    env.simulation().evict(pod("held", 0).getMetadata().getName());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var now = pod("held", 0);
              return now != null
                  && !now.getMetadata().getUid().equals(evicted)
                  && env.simulation().runningPrimaries().getOrDefault(0, List.of()).contains(ours);
            });

    String killed = pod("held", 3).getMetadata().getUid();
    env.simulation().killMirror(3);
    // The status may still say Synchronized from before the kill: wait for the new pod first.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var now = pod("held", 3);
              return now != null && !now.getMetadata().getUid().equals(killed);
            });
    awaitStatus(
        "held",
        s ->
            "Invalid".equals(s.getPhase())
                && "Synchronized".equals(s.getMirrors().get(3).getState())
                && "ActingAsPrimary".equals(s.getMirrors().get(0).getState()));
    Segment acting =
        catalogNow().segments().stream().filter(s -> s.dbid() == ours).findFirst().orElseThrow();
    assertThat(acting.role()).as("still the acting primary").isEqualTo(Role.PRIMARY);
    assertThat(places()).as("no mirror moved").isEqualTo(places);
  }

  private Map<Integer, String> places() throws Exception {
    return catalogNow().segments().stream()
        .filter(s -> s.content() >= 0)
        .collect(
            Collectors.toMap(
                s -> s.dbid(), s -> s.hostname() + ":" + s.port() + " " + s.dataDirectory()));
  }
}
