package io.greenplum.mirrors.diff;

import static io.greenplum.mirrors.TestObservation.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.model.Segment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransitionsTest {

  private static Map<Integer, PodView> podsBut(int missing) {
    var cluster = MirrorSetDiffTest.registered();
    Map<Integer, PodView> pods = new java.util.TreeMap<>();
    for (Segment m : cluster.mirrors()) {
      if (m.content() != missing) {
        pods.put(m.content(), pod(m.content(), m.dbid(), false));
      }
    }
    return pods;
  }

  @Test
  void aMirrorWhosePodWasTakenDownIsInFlightOneNeverMadeIsNot() {
    var taken =
        TestObservation.of(MirrorSetDiffTest.registered(), TestMirrorSets.group().build())
            .volumes(0, 1, 2, 3)
            .pods(podsBut(2))
            .build();
    assertThat(Transitions.inFlight(taken, Moves.decide(taken)))
        .singleElement()
        .asString()
        .startsWith("content 2: the pod of dbid");
    assertThat(Transitions.withoutPrimary(taken)).isEmpty();

    var firstCopies =
        TestObservation.of(MirrorSetDiffTest.registered(), TestMirrorSets.group().build())
            .volumes(0, 1, 3)
            .registered(java.util.Set.of(8))
            .pods(podsBut(2))
            .build();
    assertThat(Transitions.inFlight(firstCopies, Moves.decide(firstCopies)))
        .as("a pod never made (no claim yet) loses nothing by waiting")
        .isEmpty();
  }

  @Test
  void anActingPrimaryWithoutItsPodOrAStoppedOneAwaitingFtsLeavesAContentWithoutPrimary() {
    var acting =
        TestObservation.of(MirrorSetDiffTest.contentZeroActing(), TestMirrorSets.group().build())
            .volumes(0, 1, 2, 3)
            .pods(podsBut(0))
            .build();
    assertThat(Transitions.withoutPrimary(acting))
        .singleElement()
        .asString()
        .contains("content 0:", "acts as primary");

    var promoting =
        TestObservation.of(MirrorSetDiffTest.contentZeroActing(), TestMirrorSets.group().build())
            .volumes(0, 1, 2, 3)
            .pods(podsBut(0))
            .rebalance(
                "r1",
                new Rebalance.Progress(
                    "r1",
                    Rebalance.Stage.Promoting,
                    0,
                    Instant.parse("2026-11-30T11:59:50Z"),
                    List.of(),
                    "stopping"))
            .build();
    assertThat(Transitions.withoutPrimary(promoting))
        .singleElement()
        .asString()
        .contains("content 0: a rebalance stopped its acting primary");
  }
}
