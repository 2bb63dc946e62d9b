package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.dump.GpAddMirrorsConfigReader;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import org.junit.jupiter.api.Test;

/** Explicit placement read from a gpaddmirrors -i file a DBA wrote. */
class ExplicitFromConfigFileScenarioTest extends Scenario {
  static final String FILE =
      """
      # content|address|port|datadir
      0|sdw3|7100|/data/m/gpseg0
      1|sdw1|7100|/data/m/gpseg1
      2|sdw2|7100|/data/m/gpseg2
      """;

  @Test
  void theFilesMirrorsAreAddedAsWritten() throws Exception {
    start(SimulatedEnvironment.layout(3, 1), "sdw1", "sdw2", "sdw3");

    apply("explicit", TestMirrorSets.explicit(GpAddMirrorsConfigReader.read(FILE)).build());
    var status = awaitPhase("explicit", "Synchronized");

    assertThat(catalogNow().mirrors())
        .extracting(m -> m.content() + "|" + m.address() + "|" + m.port() + "|" + m.dataDirectory())
        .containsExactly(
            "0|sdw3|7100|/data/m/gpseg0",
            "1|sdw1|7100|/data/m/gpseg1",
            "2|sdw2|7100|/data/m/gpseg2");
    assertThat(catalogNow().mirrors()).extracting(Segment::dbid).containsExactly(5, 6, 7);
    assertThat(pods("explicit")).hasSize(3);
    assertThat(volumes("explicit")).hasSize(3);
    assertThat(status.getMirrors())
        .extracting(m -> m.getHost())
        .containsExactly("sdw3", "sdw1", "sdw2");
  }
}
