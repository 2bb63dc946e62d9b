package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import org.junit.jupiter.api.Test;

/** Mirrors on newly added hosts that run no primary (the seed's second case). */
class NewHostsScenarioTest extends Scenario {
  @Test
  void mirrorsGoToTheNewHosts() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2", "smdw1", "smdw2");

    apply("new-hosts", TestMirrorSets.group().hosts("smdw1", "smdw2").build());
    var status = awaitPhase("new-hosts", "Synchronized");

    assertThat(catalogNow().mirrors())
        .extracting(Segment::hostname)
        .containsExactlyInAnyOrder("smdw1", "smdw1", "smdw2", "smdw2");
    assertThat(catalogNow().mirrors())
        .extracting(Segment::port)
        .containsExactlyInAnyOrder(7000, 7001, 7000, 7001);
    assertThat(pods("new-hosts"))
        .allSatisfy(p -> assertThat(MirrorResources.node(p)).startsWith("smdw"));
    assertThat(volumes("new-hosts")).hasSize(4);
    assertThat(status.getMirrors())
        .extracting(m -> m.getNode())
        .containsExactly("smdw1", "smdw1", "smdw2", "smdw2");
  }
}
