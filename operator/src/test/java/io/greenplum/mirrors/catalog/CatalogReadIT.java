package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.VersionFamily;
import io.greenplum.mirrors.plan.GpAddMirrorsConfig;
import io.greenplum.mirrors.plan.MirrorPlanner;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's Greenplum 4.3 catalog, loaded into the 4.3/5 emulation and read back live. */
class CatalogReadIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp43();

  @Test
  void theSeedsCatalogReadsBackEqualToTheFixtureAndPlansTheSame() throws Exception {
    Map<Integer, String> filespaces =
        SegmentConfigurationReader.readFilespaces(
            Fixtures.read("gp43-seed/pg_filespace_entry.after.txt"));
    SegmentConfiguration fromFile =
        GP.load("gp43-seed/gp_segment_configuration.before.txt").withDataDirectories(filespaces);
    GP.emulation().loadFilespaces(filespaces);

    JdbcGreenplumCatalog catalog = GP.catalog();
    SegmentConfiguration live = catalog.segmentConfiguration();

    assertThat(catalog.version().release()).isEqualTo("4.3.6.1");
    assertThat(live.family()).isEqualTo(VersionFamily.GP4_GP5);
    assertThat(live).isEqualTo(fromFile);
    assertThat(live.primariesByContent().get(22).dataDirectory())
        .isEqualTo("/disk1/digoal/gpdata/gpseg22");
    assertThat(catalog.replication()).isEmpty();

    MirrorSetSpec spec =
        TestMirrorSets.group()
            .allowSameHost()
            .dataDirectories("/disk1/digoal/gpdata_mirror")
            .build();
    assertThat(MirrorPlanner.plan(live, spec)).isEqualTo(MirrorPlanner.plan(fromFile, spec));
    assertThat(
            GpAddMirrorsConfig.write(MirrorPlanner.plan(live, spec).plan(), VersionFamily.GP4_GP5))
        .isEqualTo(Fixtures.read("gp43-seed/addmirror"));
  }

  @Test
  void registeringOnGreenplum43IsRefusedWithTheWayForward() throws Exception {
    SegmentConfiguration seed = GP.load("gp43-seed/gp_segment_configuration.before.txt");
    var plan =
        MirrorPlanner.plan(
                seed,
                TestMirrorSets.group()
                    .allowSameHost()
                    .dataDirectories("/disk1/digoal/gpdata_mirror")
                    .build())
            .plan();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GP.catalog().registerMirrors(plan))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> assertThat(e.reason()).isEqualTo(CatalogException.Reason.UnsupportedVersion))
        .hasMessageContaining("gpaddmirrors -i");
    assertThat(GP.catalog().segmentConfiguration().mirrors()).isEmpty();
  }
}
