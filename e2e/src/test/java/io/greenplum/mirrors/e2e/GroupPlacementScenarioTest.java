package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** 4 hosts x 4 primaries, Group placement, added end to end. */
class GroupPlacementScenarioTest extends Scenario {
  @Test
  void everyHostsMirrorsLandOnTheNextHostAndSynchronise() throws Exception {
    start(SimulatedEnvironment.layout(4, 4), "sdw1", "sdw2", "sdw3", "sdw4");

    apply("group", TestMirrorSets.group().maxParallel(4).build());
    MirrorSetStatus status = awaitPhase("group", "Synchronized");

    SegmentConfiguration catalog = catalogNow();
    assertThat(catalog.mirrors())
        .hasSize(16)
        .allSatisfy(
            m -> {
              assertThat(m.mode().code()).isEqualTo('s');
              assertThat(m.status().code()).isEqualTo('u');
            });
    for (Segment mirror : catalog.mirrors()) {
      String primaryHost = catalog.primariesByContent().get(mirror.content()).hostname();
      int next = Integer.parseInt(primaryHost.substring(3)) % 4 + 1;
      assertThat(mirror.hostname()).isEqualTo("sdw" + next);
    }
    assertThat(pods("group")).hasSize(16);
    assertThat(volumes("group")).hasSize(16);
    assertThat(status.getReady()).isEqualTo(16);
    assertThat(status.getSynchronizedCount()).isEqualTo(16);
    assertThat(status.getProgress()).isEqualTo(100);
    for (Segment mirror : catalog.mirrors()) {
      assertThat(env.simulation().copies(mirror.content()))
          .as("copies of content %d: --create-slot first, never the double copy", mirror.content())
          .isEqualTo(1);
    }
    assertThat(env.simulation().startsOnIncompleteDirectories()).isEmpty();
    // One event per pass, not per mirror: every content told of exactly once.
    List<Integer> all = IntStream.range(0, 16).boxed().toList();
    assertThat(contentsTold("MirrorPodCreated")).containsExactlyInAnyOrderElementsOf(all);
    assertThat(contentsTold("MirrorSynchronized")).containsExactlyInAnyOrderElementsOf(all);
    assertThat(events("MirrorPodCreated"))
        .as("the first wave of 4 pods is one event")
        .hasSizeLessThan(16)
        .anyMatch(m -> m.startsWith("4 mirror pods created, on "));
  }
}
