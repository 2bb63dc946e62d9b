package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Suspend and deletion in the middle of a move (issue 21, sequence 7): the content whose mirror was
 * stopped for its move gets its mirror at the new place before the operator stops acting, nothing
 * new is begun meanwhile (no second content moves), and a Warning event and the Degraded condition
 * say which content was waited for.
 */
class StopMidTransitionScenarioTest extends Scenario {

  @Test
  void suspendDuringAMoveFinishesThatMoveAndBeginsNoOther() throws Exception {
    int content = startAMoveAndCatchItsMirrorStopped("suspended", DeletionPolicy.Retain);

    edit("suspended", spec -> spec.setSuspend(true));
    awaitPhase("suspended", "Suspended");

    assertMirrorMadeAtItsNewPlace("suspended", content);
    assertThat(events("SuspendWaits"))
        .singleElement()
        .asString()
        .contains("content " + content + ":");
    Map<Integer, Segment> rows = catalogNow().mirrorsByContent();
    assertThat(rows.values().stream().filter(m -> m.port() >= 8000))
        .as("one content moved: the one in flight")
        .singleElement()
        .satisfies(m -> assertThat(m.content()).isEqualTo(content));
    assertThat(pods("suspended")).hasSize(4);
  }

  @Test
  void deletionWithRetainDuringAMoveFinishesThatMoveFirst() throws Exception {
    int content = startAMoveAndCatchItsMirrorStopped("deleted", DeletionPolicy.Retain);

    deleteAndAwaitGone("deleted", Duration.ofSeconds(60));

    assertMirrorMadeAtItsNewPlace("deleted", content);
    assertThat(events("DeletionWaits")).isNotEmpty();
    assertThat(events("DeletionWaits").get(0)).contains("content " + content + ":");
    assertThat(pods("deleted")).hasSize(4);
  }

  /** All pairs in sync, then a move of every mirror; returns the content whose pod was stopped. */
  private int startAMoveAndCatchItsMirrorStopped(String name, DeletionPolicy policy)
      throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    MirrorSetSpec spec = TestMirrorSets.group().automaticMoves().build();
    spec.setDeletionPolicy(policy);
    apply(name, spec);
    awaitPhase(name, "Synchronized");

    edit(name, s -> s.getPorts().setOffset(2000));
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () ->
                status(name).getMirrors().stream()
                    .filter(r -> "Moving".equals(r.getState()) && pod(name, r.getContent()) == null)
                    .map(MirrorStatus::getContent)
                    .findFirst()
                    .orElse(null),
            c -> c != null);
  }

  private void assertMirrorMadeAtItsNewPlace(String name, int content) throws Exception {
    Segment row = catalogNow().mirrorsByContent().get(content);
    assertThat(row.port()).as("its catalog row moved").isGreaterThanOrEqualTo(8000);
    Pod pod = pod(name, content);
    assertThat(pod).as("the pod of content %d at its new place", content).isNotNull();
    assertThat(pod.getMetadata().getAnnotations().get(Annotations.LOCATION))
        .isEqualTo(MirrorLocation.of(row).key());
  }
}
