package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** 5 hosts x 4 primaries, Spread placement: a host's primaries mirrored on four other hosts. */
class SpreadPlacementScenarioTest extends Scenario {
  @Test
  void eachHostsPrimariesAreMirroredOnDifferentHosts() throws Exception {
    start(SimulatedEnvironment.layout(5, 4), "sdw1", "sdw2", "sdw3", "sdw4", "sdw5");

    apply("spread", TestMirrorSets.spread().maxParallel(6).build());
    MirrorSetStatus status = awaitPhase("spread", "Synchronized");

    SegmentConfiguration catalog = catalogNow();
    Map<String, List<String>> targets =
        catalog.mirrors().stream()
            .collect(
                Collectors.groupingBy(
                    m -> catalog.primariesByContent().get(m.content()).hostname(),
                    Collectors.mapping(Segment::hostname, Collectors.toList())));
    assertThat(targets)
        .hasSize(5)
        .allSatisfy(
            (host, mirrorHosts) -> {
              Set<String> distinct = new HashSet<>(mirrorHosts);
              assertThat(distinct).hasSize(4).doesNotContain(host);
            });
    assertThat(pods("spread")).hasSize(20);
    assertThat(status.getSynchronizedCount()).isEqualTo(20);
  }
}
