package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.VersionFamily;
import io.greenplum.mirrors.plan.GpAddMirrorsConfig;
import io.greenplum.mirrors.plan.MirrorPlanner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed: a DBA's single-host Greenplum 4.3 cluster with 23 primaries (content 22 on 50011). Its
 * 4.3 plan is gpaddmirrors' addmirror file; the Greenplum 7 equivalent is added end to end.
 */
class SeedScenarioTest extends Scenario {
  static final String HOST = "digoal.sqa.zmf";

  @Test
  void theSeedIsPlannedAsGpaddmirrorsDidAndItsGreenplum7TwinIsMirrored() throws Exception {
    SegmentConfiguration seed43 =
        SegmentConfigurationReader.read(
                Fixtures.read("gp43-seed/gp_segment_configuration.before.txt"))
            .withDataDirectories(
                SegmentConfigurationReader.readFilespaces(
                    Fixtures.read("gp43-seed/pg_filespace_entry.after.txt")));
    var spec =
        TestMirrorSets.group()
            .allowSameHost()
            .offset(1000)
            .dataDirectories("/disk1/digoal/gpdata_mirror")
            .maxParallel(8);
    assertThat(
            GpAddMirrorsConfig.write(
                MirrorPlanner.plan(seed43, spec.build()).plan(), VersionFamily.GP4_GP5))
        .isEqualTo(Fixtures.read("gp43-seed/addmirror"));

    start(asGreenplum7(seed43), HOST);
    apply("seed", spec.build());
    var status = awaitPhase("seed", "Synchronized");

    SegmentConfiguration catalog = catalogNow();
    assertThat(catalog.mirrors()).hasSize(23);
    Map<Integer, Segment> mirrors = catalog.mirrorsByContent();
    for (int content = 0; content < 23; content++) {
      Segment m = mirrors.get(content);
      assertThat(m.port()).isEqualTo(41000 + content);
      assertThat(m.dbid()).isEqualTo(25 + content);
      assertThat(m.dataDirectory()).isEqualTo("/disk1/digoal/gpdata_mirror/gpseg" + content);
      assertThat(m.mode()).isEqualTo(SegmentMode.SYNCHRONIZED);
    }
    assertThat(pods("seed")).hasSize(23);
    assertThat(volumes("seed")).hasSize(23);
    assertThat(status.getSynchronizedCount()).isEqualTo(23);
    assertThat(status.getMirrors()).extracting(m -> m.getPort()).startsWith(41000, 41001);
  }

  /** The same instances as a Greenplum 7 catalog: datadir column, no replication ports. */
  private static SegmentConfiguration asGreenplum7(SegmentConfiguration seed43) {
    List<Segment> rows =
        seed43.segments().stream()
            .map(
                s ->
                    new Segment(
                        s.dbid(),
                        s.content(),
                        s.role(),
                        s.preferredRole(),
                        SegmentMode.NOT_IN_SYNC,
                        s.status(),
                        s.port(),
                        s.hostname(),
                        s.address(),
                        s.dataDirectory(),
                        null))
            .toList();
    return new SegmentConfiguration(VersionFamily.GP6_PLUS, rows);
  }
}
