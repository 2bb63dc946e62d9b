package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.emulation.WalSender;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorPlan;
import io.greenplum.mirrors.plan.MirrorPlanner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the removal and Greenplum 6 need of the catalog: the FTS grace period, which mirrors the
 * operator registered (gp_configuration_history), and the primaries' replication slots on a
 * utility-mode connection, the Greenplum 7 way (gp_role) and the Greenplum 6 way (gp_session_role).
 */
class SegmentSlotsIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  @Test
  void theGracePeriodIsTheCoordinatorsSetting() throws Exception {
    assertThat(GP.catalog().ftsGracePeriod()).isEqualTo(Duration.ofSeconds(30));
    GP.emulation().setFtsGracePeriod(Duration.ofMillis(1200));
    assertThat(GP.catalog().ftsGracePeriod()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void onlyMirrorsTheOperatorRegisteredAreItsOwn() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(2, 2));
    MirrorPlan plan = MirrorPlanner.plan(cluster, TestMirrorSets.group().build()).plan();
    assertThat(GP.catalog().registeredByOperator()).isEmpty();

    GP.catalog().registerMirrors(plan);
    assertThat(GP.catalog().registeredByOperator()).containsExactly(6, 7, 8, 9);

    // Removed (marked down first) and added again by gpaddmirrors under the same dbids.
    for (int content = 0; content < 4; content++) {
      GP.emulation().stopMirror(content);
      GP.emulation().markStoppedMirrorDown(content);
    }
    GP.catalog().removeMirrors();
    GP.emulation()
        .registerMirrors(
            plan.mirrors().stream()
                .map(
                    m ->
                        TestClusters.mirror(
                            m.dbid(), m.content(), m.hostname(), m.port(), m.dataDirectory()))
                .toList());
    assertThat(GP.catalog().registeredByOperator()).isEmpty();
  }

  @Test
  void greenplum7SlotsAreDroppedOnAUtilityConnectionToEachPrimary() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(2, 2));
    Segment primary = cluster.primariesByContent().get(1);
    GP.emulation().createSlot(1);

    assertThat(GP.catalog().dropReplicationSlot(primary)).isTrue();
    assertThat(GP.emulation().slots()).isEmpty();
    assertThat(GP.catalog().dropReplicationSlot(primary)).as("nothing left to drop").isFalse();
  }

  @Test
  void greenplum6SlotsAreCreatedBeforeTheCopyWithGpSessionRole() throws Exception {
    GP.emulation().useGreenplum6();
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(2, 2));
    Segment primary = cluster.primariesByContent().get(2);

    assertThat(GP.catalog().createReplicationSlot(primary)).isTrue();
    assertThat(GP.catalog().createReplicationSlot(primary))
        .as("it exists: left as it is")
        .isFalse();
    assertThat(GP.emulation().slots()).containsExactly(2);
    assertThat(GP.catalog().dropReplicationSlot(primary)).isTrue();
  }

  @Test
  void aPrimaryRefusesASessionThatDoesNotAskForUtilityModeItsWay() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(2, 2));
    // version() says Greenplum 6, the primaries are Greenplum 7's: gp_session_role is refused.
    GP.emulation().setVersion("PostgreSQL 9.4.26 (Greenplum Database 6.26.1 build x)");

    assertThatThrownBy(() -> GP.catalog().createReplicationSlot(cluster.primaries().get(0)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("primary content 0 (dbid 2) (utility mode) on sdw1:6000")
        .hasMessageContaining("connections to primary segments are not allowed")
        .hasMessageNotContaining(GP.password());
  }

  @Test
  void greenplum6ReplicationRowsUseThe94ColumnNames() throws Exception {
    GP.emulation().useGreenplum6();
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(2, 2));
    GP.catalog()
        .registerMirrors(MirrorPlanner.plan(cluster, TestMirrorSets.group().build()).plan());
    GP.emulation()
        .walSender(
            0, WalSender.mirror("streaming", "0/5000000", "0/4F00000", "0/4F00000", "0/4E00000"));

    List<ReplicationRow> rows = GP.catalog().replication();

    assertThat(GP.catalog().version().release()).isEqualTo("6.26.1");
    assertThat(rows)
        .filteredOn(r -> r.content() == 0)
        .singleElement()
        .satisfies(r -> assertThat(r.bytesNotReplayed()).isEqualTo(0x200000L));
  }
}
