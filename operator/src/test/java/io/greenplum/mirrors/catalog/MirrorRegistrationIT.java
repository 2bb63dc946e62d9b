package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.catalog.CatalogException.Reason;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorPlan;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registration and removal on a 4 hosts x 4 primaries Greenplum 7 cluster. */
class MirrorRegistrationIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  private static MirrorPlan groupPlan(SegmentConfiguration cluster) {
    return MirrorPlanner.plan(cluster, TestMirrorSets.group().build()).plan();
  }

  @Test
  void registersTheWholePlanInOneTransactionAndOnlyOnce() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(4, 4));
    MirrorPlan plan = groupPlan(cluster);

    MirrorRegistration first = GP.catalog().registerMirrors(plan);

    SegmentConfiguration after = GP.catalog().segmentConfiguration();
    assertThat(first.added()).isTrue();
    assertThat(after.mirrors()).hasSize(16);
    assertThat(after.mirrors())
        .allSatisfy(
            m -> {
              assertThat(m.role()).isEqualTo(Role.MIRROR);
              assertThat(m.mode()).isEqualTo(SegmentMode.NOT_IN_SYNC);
              assertThat(m.status()).isEqualTo(SegmentStatus.DOWN);
              assertThat(m.dbid()).isGreaterThan(cluster.maxDbid());
            });
    for (PlannedMirror planned : plan.mirrors()) {
      Segment row = after.mirrorsByContent().get(planned.content());
      assertThat(row.dbid()).isEqualTo(first.dbidByContent().get(planned.content()));
      assertThat(row.hostname() + ":" + row.port() + " " + row.dataDirectory())
          .isEqualTo(planned.hostPort() + " " + planned.dataDirectory());
    }
    assertThat(first.dbidByContent().values())
        .containsExactlyInAnyOrderElementsOf(range(cluster.maxDbid() + 1, 16));
    assertThat(historyTimes()).as("one history row per mirror, one transaction time").hasSize(16);
    assertThat(distinctHistoryTimes()).isEqualTo(1);

    MirrorRegistration again = GP.catalog().registerMirrors(plan);

    assertThat(again.added()).isFalse();
    assertThat(again.dbidByContent()).isEqualTo(first.dbidByContent());
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(after);
    assertThat(historyTimes()).hasSize(16);
  }

  @Test
  void aConflictingPlanChangesNothing() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(4, 4));
    GP.catalog().registerMirrors(groupPlan(cluster));
    SegmentConfiguration before = GP.catalog().segmentConfiguration();
    MirrorPlan moved =
        MirrorPlanner.plan(cluster, TestMirrorSets.group().offset(500).build()).plan();

    assertThatThrownBy(() -> GP.catalog().registerMirrors(moved))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MirrorsDifferFromPlan))
        .hasMessageContaining(
            "content 1: mirror is sdw2:7001 /data/mirror/gpseg1, the plan says sdw2:6501")
        .hasMessageEndingWith("nothing was registered");
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(before);
  }

  @Test
  void aPartiallyMirroredClusterChangesNothing() throws Exception {
    SegmentConfiguration partial = GP.load("gp7-real/02a-partial-one-mirror.txt");
    MirrorPlan plan =
        MirrorPlanner.plan(partial, TestMirrorSets.group().allowSameHost().offset(3).build())
            .plan();

    assertThatThrownBy(() -> GP.catalog().registerMirrors(plan))
        .isInstanceOfSatisfying(
            CatalogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PartialMirroring))
        .hasMessageContaining("content(s) [0] have a mirror, content(s) [1, 2] have none");
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(partial);
    assertThat(historyTimes()).isEmpty();
  }

  @Test
  void aPlanForSomeContentsOnlyIsRefused() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(4, 4));
    MirrorPlan full = groupPlan(cluster);
    MirrorPlan subset =
        new MirrorPlan(full.family(), full.strategy(), full.mirrors().subList(0, 15));

    assertThatThrownBy(() -> GP.catalog().registerMirrors(subset))
        .isInstanceOfSatisfying(
            CatalogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IncompletePlan));
    assertThat(GP.catalog().segmentConfiguration().mirrors()).isEmpty();
  }

  @Test
  void theEmulationRefusesToCommitPartialMirroringAsTheRealCoordinatorCrashed() throws Exception {
    GP.load("gp7-real/01-mirrorless.txt");

    try (Connection c = GP.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement("SELECT gp_add_segment_mirror(0::int2, 'vm', 'vm', 7005, '/m/d0')")) {
        s.executeQuery().close();
      }
      assertThatThrownBy(c::commit)
          .hasMessageContaining(
              "partial mirroring: content(s) {0} have a mirror and content(s)" + " {1,2} do not");
    }
    assertThat(GP.catalog().segmentConfiguration().mirrors()).isEmpty();
  }

  @Test
  void removalWaitsUntilEveryMirrorIsMarkedDown() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(2, 2));
    GP.catalog().registerMirrors(groupPlan(cluster));
    for (int content = 0; content < 4; content++) {
      GP.emulation()
          .walSender(
              content,
              io.greenplum.mirrors.emulation.WalSender.mirror(
                  "streaming", "0/3000000", "0/3000000", "0/3000000", "0/3000000"));
    }
    GP.catalog().requestFtsProbe();
    SegmentConfiguration inSync = GP.catalog().segmentConfiguration();
    assertThat(inSync.mirrors())
        .allSatisfy(m -> assertThat(m.status()).isEqualTo(SegmentStatus.UP));

    assertThatThrownBy(() -> GP.catalog().removeMirrors())
        .isInstanceOfSatisfying(
            CatalogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MirrorsNotDown))
        .hasMessageContaining("content(s) [0, 1, 2, 3] are not marked down");
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(inSync);

    for (int content = 0; content < 4; content++) {
      GP.emulation().stopMirror(content);
      GP.emulation().markStoppedMirrorDown(content);
    }
    assertThat(GP.catalog().removeMirrors()).isEqualTo(4);
    assertThat(GP.catalog().segmentConfiguration().mirrors()).isEmpty();
    assertThat(GP.emulation().history())
        .filteredOn(h -> h.contains("gpmirrors: removed"))
        .hasSize(4);
  }

  private static List<Integer> range(int from, int count) {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(from + i);
    }
    return values;
  }

  private static List<String> historyTimes() throws Exception {
    List<String> times = new ArrayList<>();
    try (Connection c = GP.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT time FROM gp_configuration_history WHERE \"desc\" LIKE 'gpmirrors:%'");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        times.add(rs.getString(1));
      }
    }
    return times;
  }

  private static long distinctHistoryTimes() throws Exception {
    return historyTimes().stream().distinct().count();
  }
}
