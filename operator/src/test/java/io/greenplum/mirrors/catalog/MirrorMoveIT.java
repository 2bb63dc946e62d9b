package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.catalog.CatalogException.Reason;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.emulation.WalSender;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.plan.MirrorPlanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Moving one mirror's catalog row as gprecoverseg and gpmovemirrors do (configurationImplGpdb.py,
 * updateSystemConfigRemoveAddMirror): gp_remove_segment_mirror and gp_add_segment with the same
 * dbid in one transaction, a history row, only while FTS has the mirror marked down.
 */
class MirrorMoveIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  @Test
  void aStoppedMirrorMarkedDownMovesInOneTransactionKeepingItsDbid() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(2, 2));
    GP.catalog()
        .registerMirrors(MirrorPlanner.plan(cluster, TestMirrorSets.group().build()).plan());
    for (int content = 0; content < 4; content++) {
      GP.emulation()
          .walSender(
              content,
              WalSender.mirror("streaming", "0/3000000", "0/3000000", "0/3000000", "0/3000000"));
    }
    GP.catalog().requestFtsProbe();
    SegmentConfiguration inSync = GP.catalog().segmentConfiguration();
    Segment mirror = inSync.mirrorsByContent().get(0);
    Segment other = inSync.mirrorsByContent().get(1);
    MirrorLocation to = new MirrorLocation("sdw1", "sdw1", 7100, "/data/moved/gpseg0");

    assertThatThrownBy(() -> GP.catalog().moveMirror(0, mirror.dbid(), to))
        .isInstanceOfSatisfying(
            CatalogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MirrorsNotDown))
        .hasMessageContaining("not marked down");
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(inSync);

    GP.emulation().stopMirror(0);
    GP.emulation().markStoppedMirrorDown(0);
    SegmentConfiguration down = GP.catalog().segmentConfiguration();
    MirrorLocation taken =
        new MirrorLocation(other.hostname(), other.address(), other.port(), "/data/x/gpseg0");
    assertThatThrownBy(() -> GP.catalog().moveMirror(0, mirror.dbid(), taken))
        .isInstanceOfSatisfying(
            CatalogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MoveTargetTaken))
        .hasMessageContaining("held by dbid " + other.dbid());
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(down);

    assertThat(GP.catalog().moveMirror(0, mirror.dbid(), to)).isTrue();

    SegmentConfiguration moved = GP.catalog().segmentConfiguration();
    Segment row = moved.mirrorsByContent().get(0);
    assertThat(row.dbid()).isEqualTo(mirror.dbid());
    assertThat(MirrorLocation.of(row)).isEqualTo(to);
    assertThat(row.role()).isEqualTo(Role.MIRROR);
    assertThat(row.preferredRole()).isEqualTo(Role.MIRROR);
    assertThat(row.mode()).isEqualTo(SegmentMode.NOT_IN_SYNC);
    assertThat(row.status()).isEqualTo(SegmentStatus.DOWN);
    assertThat(moved.segments()).hasSameSizeAs(down.segments());
    for (Segment s : down.segments()) {
      if (s.dbid() != mirror.dbid()) {
        assertThat(moved.segments()).as("dbid %d untouched", s.dbid()).contains(s);
      }
    }
    assertThat(GP.emulation().history())
        .filteredOn(h -> h.contains("full recovery or original dbid " + mirror.dbid()))
        .singleElement()
        .asString()
        .contains("gpmirrors: inserted segment configuration");
    assertThat(GP.catalog().registeredByOperator())
        .as("a moved mirror is still the operator's")
        .contains(mirror.dbid());

    assertThat(GP.catalog().moveMirror(0, mirror.dbid(), to)).as("already there").isFalse();
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(moved);
  }
}
