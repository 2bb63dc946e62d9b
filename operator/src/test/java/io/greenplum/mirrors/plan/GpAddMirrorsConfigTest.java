package io.greenplum.mirrors.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.ExplicitMirror;
import io.greenplum.mirrors.dump.DumpFormatException;
import io.greenplum.mirrors.dump.GpAddMirrorsConfigReader;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.VersionFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpAddMirrorsConfigTest {

  @Test
  void aHandWrittenGreenplum7FileGivesTheSamePlanAsExplicitPlacement() throws Exception {
    SegmentConfiguration cluster = TestClusters.gp7(3, 2);
    String handWritten =
        """
        # moved content 4 and 5 by hand
        0|sdw2|7000|/data/mirror/gpseg0
        1|sdw2|7001|/data/mirror/gpseg1
        2|sdw3|7000|/data/mirror/gpseg2
        3|sdw3|7001|/data/mirror/gpseg3
        4|sdw2|7500|/data/other/gpseg4

        5|sdw1|7500|/data/other/gpseg5
        """;
    List<ExplicitMirror> listed =
        List.of(
            new ExplicitMirror(0, "sdw2", 7000, "/data/mirror/gpseg0"),
            new ExplicitMirror(1, "sdw2", 7001, "/data/mirror/gpseg1"),
            new ExplicitMirror(2, "sdw3", 7000, "/data/mirror/gpseg2"),
            new ExplicitMirror(3, "sdw3", 7001, "/data/mirror/gpseg3"),
            new ExplicitMirror(4, "sdw2", 7500, "/data/other/gpseg4"),
            new ExplicitMirror(5, "sdw1", 7500, "/data/other/gpseg5"));

    PlanResult fromFile =
        MirrorPlanner.plan(
            cluster, TestMirrorSets.explicit(GpAddMirrorsConfigReader.read(handWritten)).build());
    PlanResult fromSpec = MirrorPlanner.plan(cluster, TestMirrorSets.explicit(listed).build());

    assertThat(fromFile.problems()).isEmpty();
    assertThat(fromFile.plan()).isEqualTo(fromSpec.plan());
    assertThat(GpAddMirrorsConfig.write(fromFile.plan(), VersionFamily.GP6_PLUS))
        .isEqualTo(handWritten.replaceAll("(?m)^#.*\\n|^\\n", ""));
  }

  @Test
  void theSeedsAddmirrorFileReadsBackIntoTheSamePlan() throws Exception {
    SegmentConfiguration seed =
        SegmentConfigurationReader.read(
            Fixtures.read("gp43-seed/gp_segment_configuration.before.txt"));
    String addmirror = Fixtures.read("gp43-seed/addmirror");

    PlanResult explicit =
        MirrorPlanner.plan(
            seed,
            TestMirrorSets.explicit(GpAddMirrorsConfigReader.read(addmirror))
                .allowSameHost()
                .build());
    PlanResult generated =
        MirrorPlanner.plan(
            seed,
            TestMirrorSets.group()
                .allowSameHost()
                .dataDirectories("/disk1/digoal/gpdata_mirror")
                .build());

    assertThat(explicit.problems()).isEmpty();
    assertThat(explicit.plan().mirrors()).isEqualTo(generated.plan().mirrors());
    assertThat(GpAddMirrorsConfig.write(explicit.plan(), VersionFamily.GP4_GP5))
        .isEqualTo(addmirror);
  }

  @Test
  void theRealGreenplum7SampleReadsBackIntoTheSamePlan() throws Exception {
    SegmentConfiguration cluster =
        SegmentConfigurationReader.read(Fixtures.read("gp7-real/01-mirrorless.txt"));

    PlanResult result =
        MirrorPlanner.plan(
            cluster,
            TestMirrorSets.explicit(
                    GpAddMirrorsConfigReader.read(
                        Fixtures.read("gp7-real/gpaddmirrors.sample-config.conf")))
                .allowSameHost()
                .build());

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().mirrors())
        .extracting(m -> m.dbid() + " " + m.hostPort() + " " + m.dataDirectory())
        .containsExactly(
            "5 vm:7005 /data/gpdemo/dbfast_mirror1/demoDataDir0",
            "6 vm:7006 /data/gpdemo/dbfast_mirror2/demoDataDir1",
            "7 vm:7007 /data/gpdemo/dbfast_mirror3/demoDataDir2");
  }

  @Test
  void rejectsWhatGpaddmirrorsRejects() {
    assertThatThrownBy(
            () ->
                GpAddMirrorsConfigReader.read(
                    "mirror0=0:vm:7005:8005:9005:/data/gpdemo/dbfast_mirror1/demoDataDir0\n"))
        .isInstanceOf(DumpFormatException.class)
        .hasMessage(
            "line 1: expected 4 parts (content|address|port|datadir), obtained 1 (a 4.3/5 line:"
                + " such files start with filespaceOrder=)");
    assertThatThrownBy(() -> GpAddMirrorsConfigReader.read("0|vm|7005\nx|vm|99999|relative/dir\n"))
        .isInstanceOfSatisfying(
            DumpFormatException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "line 1: expected 4 parts (content|address|port|datadir), obtained 3",
                        "line 2: content 'x' is not a content id (0, 1, ...)",
                        "line 2: port '99999' is not in 1..65535",
                        "line 2: data directory 'relative/dir' is not an absolute path"));
    assertThatThrownBy(
            () -> GpAddMirrorsConfigReader.read("filespaceOrder=fs1\nmirror0=0:h:1:2:3:/d:/fs\n"))
        .isInstanceOfSatisfying(
            DumpFormatException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "line 1: filespaces besides pg_system (fs1) are not supported yet",
                        "line 2: filespace locations after the data directory are not supported"
                            + " yet"));
    assertThatThrownBy(() -> GpAddMirrorsConfigReader.read("# nothing\n"))
        .hasMessage("the file lists no mirror");
  }

  @Test
  void aShortFileIsRefusedAsGpaddmirrorsRefusesIt() throws Exception {
    SegmentConfiguration cluster =
        SegmentConfigurationReader.read(Fixtures.read("gp7-real/01-mirrorless.txt"));

    PlanResult result =
        MirrorPlanner.plan(
            cluster,
            TestMirrorSets.explicit(
                    GpAddMirrorsConfigReader.read(
                        "0|vm|7005|/data/gpdemo/dbfast_mirror1/demoDataDir0\n"))
                .allowSameHost()
                .build());

    assertThat(result.plan()).isNull();
    assertThat(result.errors())
        .extracting(Problem::message)
        .containsExactly(
            "placement.mirrors lists no mirror for content(s) [1, 2]: every primary needs exactly"
                + " one (specified 1 mirror(s) for 3 primaries)");
  }
}
