package io.greenplum.mirrors.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.VersionFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorPlannerTest {

  private static SegmentConfiguration seed() throws Exception {
    return SegmentConfigurationReader.read(
            Fixtures.read("gp43-seed/gp_segment_configuration.before.txt"))
        .withDataDirectories(
            SegmentConfigurationReader.readFilespaces(
                Fixtures.read("gp43-seed/pg_filespace_entry.after.txt")));
  }

  @Test
  void reproducesTheSeedsAddmirrorFileFromExplicitPortBases() throws Exception {
    PlanResult result =
        MirrorPlanner.plan(
            seed(),
            TestMirrorSets.group()
                .allowSameHost()
                .dataDirectories("/disk1/digoal/gpdata_mirror")
                .mirrorBase(41000)
                .replicationBases(42000, 43000)
                .build());

    assertThat(result.problems()).isEmpty();
    assertThat(GpAddMirrorsConfig.write(result.plan(), VersionFamily.GP4_GP5))
        .isEqualTo(Fixtures.read("gp43-seed/addmirror"));
  }

  @Test
  void reproducesTheSeedsAddmirrorFileFromTheDefaultOffset() throws Exception {
    PlanResult result =
        MirrorPlanner.plan(
            seed(),
            TestMirrorSets.group()
                .allowSameHost()
                .dataDirectories("/disk1/digoal/gpdata_mirror/")
                .offset(1000)
                .build());

    assertThat(result.problems()).isEmpty();
    assertThat(GpAddMirrorsConfig.write(result.plan(), VersionFamily.GP4_GP5))
        .isEqualTo(Fixtures.read("gp43-seed/addmirror"));
    assertThat(result.plan().mirrors())
        .extracting(PlannedMirror::dbid)
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(25, 47).boxed().toList());
  }

  @Test
  void matchesTheRealGreenplum7GpaddmirrorsOutput() throws Exception {
    SegmentConfiguration cluster =
        SegmentConfigurationReader.read(Fixtures.read("gp7-real/01-mirrorless.txt"));
    PlanResult result =
        MirrorPlanner.plan(
            cluster,
            TestMirrorSets.group()
                .allowSameHost()
                .offset(3)
                .dataDirectories(
                    "/data/gpdemo/dbfast_mirror1",
                    "/data/gpdemo/dbfast_mirror2",
                    "/data/gpdemo/dbfast_mirror3")
                .build());

    String expected =
        Fixtures.read("gp7-real/gpaddmirrors.sample-config.conf")
            .lines()
            .filter(l -> !l.startsWith("#"))
            .map(l -> l + "\n")
            .reduce("", String::concat);
    assertThat(result.problems()).isEmpty();
    assertThat(GpAddMirrorsConfig.write(result.plan(), VersionFamily.GP6_PLUS)).isEqualTo(expected);
    assertThat(result.plan().mirrors()).extracting(PlannedMirror::dbid).containsExactly(5, 6, 7);
  }

  @Test
  void groupSendsEachHostsMirrorsToTheNextHost() {
    PlanResult result = MirrorPlanner.plan(TestClusters.gp7(3, 2), TestMirrorSets.group().build());

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().mirrors())
        .extracting(m -> m.content() + "@" + m.hostPort() + " " + m.dataDirectory())
        .containsExactly(
            "0@sdw2:7000 /data/mirror/gpseg0",
            "1@sdw2:7001 /data/mirror/gpseg1",
            "2@sdw3:7000 /data/mirror/gpseg2",
            "3@sdw3:7001 /data/mirror/gpseg3",
            "4@sdw1:7000 /data/mirror/gpseg4",
            "5@sdw1:7001 /data/mirror/gpseg5");
  }

  @Test
  void spreadSendsEachPrimaryOfAHostToADifferentHost() {
    PlanResult result = MirrorPlanner.plan(TestClusters.gp7(4, 3), TestMirrorSets.spread().build());

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().mirrors())
        .extracting(m -> m.content() + "@" + m.hostPort())
        .containsExactly(
            "0@sdw2:7000",
            "1@sdw3:7000",
            "2@sdw4:7000",
            "3@sdw3:7001",
            "4@sdw4:7001",
            "5@sdw1:7000",
            "6@sdw4:7002",
            "7@sdw1:7001",
            "8@sdw2:7001",
            "9@sdw1:7002",
            "10@sdw2:7002",
            "11@sdw3:7002");
  }

  @Test
  void placesMirrorsOnNewHostsThatRunNoPrimary() {
    PlanResult result =
        MirrorPlanner.plan(
            TestClusters.gp7(2, 2), TestMirrorSets.group().hosts("smdw1", "smdw2").build());

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().mirrors())
        .extracting(m -> m.content() + "@" + m.hostPort() + "/" + m.address())
        .containsExactly(
            "0@smdw1:7000/smdw1", "1@smdw1:7001/smdw1", "2@smdw2:7000/smdw2", "3@smdw2:7001/smdw2");
  }

  @Test
  void usesOneDataLocationPerMirrorIndexOnAHost() {
    PlanResult result =
        MirrorPlanner.plan(
            TestClusters.gp7(2, 2), TestMirrorSets.group().dataDirectories("/d1", "/d2").build());

    assertThat(result.plan().mirrors())
        .extracting(PlannedMirror::dataDirectory)
        .containsExactly("/d1/gpseg0", "/d2/gpseg1", "/d1/gpseg2", "/d2/gpseg3");
  }

  @Test
  void explicitBasesReplaceLowestPrimaryPortPlusOffset() {
    PlanResult result =
        MirrorPlanner.plan(
            TestClusters.gp7(2, 2), TestMirrorSets.group().mirrorBase(50000).offset(7).build());

    assertThat(result.plan().mirrors())
        .extracting(PlannedMirror::port)
        .containsExactly(50000, 50001, 50000, 50001);
  }

  @Test
  void comparesExistingMirrorsWithThePlan() throws Exception {
    SegmentConfiguration synced =
        SegmentConfigurationReader.read(Fixtures.read("gp7-real/03-synchronized.txt"));
    TestMirrorSets asGpaddmirrorsDid =
        TestMirrorSets.group()
            .allowSameHost()
            .offset(3)
            .dataDirectories(
                "/data/gpdemo/dbfast_mirror1",
                "/data/gpdemo/dbfast_mirror2",
                "/data/gpdemo/dbfast_mirror3");

    assertThat(MirrorPlanner.plan(synced, asGpaddmirrorsDid.build()).existing().state())
        .isEqualTo(ExistingMirrors.State.MATCHES_PLAN);
    ExistingMirrors moved =
        MirrorPlanner.plan(synced, asGpaddmirrorsDid.offset(10).build()).existing();
    assertThat(moved.state()).isEqualTo(ExistingMirrors.State.DIFFERS_FROM_PLAN);
    assertThat(moved.differences())
        .first()
        .isEqualTo(
            "content 0: mirror is vm:7005 /data/gpdemo/dbfast_mirror1/demoDataDir0, the plan says"
                + " vm:7012 /data/gpdemo/dbfast_mirror1/demoDataDir0");
    SegmentConfiguration partial =
        SegmentConfigurationReader.read(Fixtures.read("gp7-real/02a-partial-one-mirror.txt"));
    PlanResult onPartial = MirrorPlanner.plan(partial, asGpaddmirrorsDid.build());
    assertThat(onPartial.existing().state()).isEqualTo(ExistingMirrors.State.PARTIAL);
    assertThat(onPartial.errorsForAddingMirrors())
        .extracting(Problem::reason)
        .containsExactly("PartialMirroring");
  }

  @Test
  void isIndependentOfTheOrderOfCatalogRows() {
    SegmentConfiguration cluster = TestClusters.gp7(5, 4);
    List<io.greenplum.mirrors.model.Segment> rows = new java.util.ArrayList<>(cluster.segments());
    java.util.Collections.reverse(rows);
    SegmentConfiguration reversed = new SegmentConfiguration(cluster.family(), rows);

    assertThat(MirrorPlanner.plan(reversed, TestMirrorSets.spread().build()).plan())
        .isEqualTo(MirrorPlanner.plan(cluster, TestMirrorSets.spread().build()).plan());
  }

  @Test
  void warnsOutsideTheRangeGpaddmirrorsAccepts() {
    PlanResult result =
        MirrorPlanner.plan(
            TestClusters.gp7(2, 1), TestMirrorSets.group().mirrorBase(62000).build());

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings())
        .extracting(Problem::reason)
        .containsExactly("PortOutsideGreenplumRange", "PortOutsideGreenplumRange");
  }

  @Test
  void explicitPlacementTakesTheListedMirrorsInListOrder() {
    PlanResult result =
        MirrorPlanner.plan(
            TestClusters.gp7(2, 1),
            TestMirrorSets.explicit(
                    List.of(
                        new io.greenplum.mirrors.api.ExplicitMirror(1, "sdw1", 7100, "/m/gpseg1"),
                        new io.greenplum.mirrors.api.ExplicitMirror(0, "sdw2", 7100, "/m/gpseg0")))
                .build());

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().mirrors())
        .extracting(m -> m.dbid() + ":" + m.content() + "@" + m.hostPort())
        .containsExactly("4:1@sdw1:7100", "5:0@sdw2:7100");
  }
}
