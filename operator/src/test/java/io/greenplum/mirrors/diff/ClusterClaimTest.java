package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.diff.ClusterClaim.Owner;
import org.junit.jupiter.api.Test;

class ClusterClaimTest {
  static final ClusterClaim FIRST = new ClusterClaim("greenplum", "first", "u-1");
  static final ClusterClaim SELF = new ClusterClaim("greenplum", "copy", "u-2");

  @Test
  void aClaimRowReadsBackAsTheClaimItRecords() {
    assertThat(ClusterClaim.parse(SELF.row(null))).isEqualTo(SELF);
    assertThat(ClusterClaim.parse(SELF.row(FIRST))).isEqualTo(SELF);
    assertThat(ClusterClaim.parse("gpmirrors: inserted mirror segment configuration")).isNull();
    assertThat(ClusterClaim.parse(null)).isNull();
  }

  @Test
  void anUnclaimedClusterIsClaimedAndOursIsKept() {
    assertThat(ClusterClaim.decide(null, SELF, null, null).write()).isEqualTo(SELF.row(null));
    assertThat(ClusterClaim.decide(SELF, SELF, null, null))
        .isEqualTo(new ClusterClaim.Decision(null, null));
  }

  @Test
  void anotherOwnersClaimIsRefusedUnlessItIsGoneCleanlyOrAdoptedByUid() {
    assertThat(ClusterClaim.decide(FIRST, SELF, Owner.PRESENT, null).refusal())
        .contains("greenplum/first (uid u-1)", "does nothing");
    assertThat(ClusterClaim.decide(FIRST, SELF, Owner.GONE_LEAVING_MIRRORS, null).refusal())
        .contains("still run");
    assertThat(ClusterClaim.decide(FIRST, SELF, Owner.UNKNOWN, null).refusal())
        .contains("greenplum.io/adopt: \"u-1\"");
    assertThat(ClusterClaim.decide(FIRST, SELF, Owner.GONE, null).write())
        .isEqualTo(SELF.row(FIRST));
    assertThat(ClusterClaim.decide(FIRST, SELF, Owner.UNKNOWN, "u-1").write())
        .isEqualTo(SELF.row(FIRST));
    var again = new ClusterClaim("greenplum", "first", "u-3");
    assertThat(ClusterClaim.decide(FIRST, again, Owner.GONE_LEAVING_MIRRORS, null).write())
        .as("the retained MirrorSet applied again under its own name adopts its pods")
        .isEqualTo(again.row(FIRST));
  }
}
