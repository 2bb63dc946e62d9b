package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.emulation.EmbeddedCoordinator;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.model.Segment;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a rebalance reads before it stops anything: whether pg_rewind could work on the content
 * (data checksums or wal_log_hints; for a role that is not a superuser, the grants of
 * operator-day2-on-real-cluster.txt section 9), read with the real PostgreSQL privilege functions
 * on a utility connection to the acting primary; and the CHECKPOINT the operator runs there as its
 * superuser.
 */
class RewindRightsIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();
  private static final AtomicInteger ROLES = new AtomicInteger();

  private static Segment primary() throws Exception {
    return GP.load(TestClusters.gp7(2, 2)).primariesByContent().get(0);
  }

  @Test
  void theAdminOfAClusterWithChecksumsCanRewindAndCheckpoint() throws Exception {
    Segment primary = primary();

    assertThat(GP.catalog().rewindRefusal(primary, EmbeddedCoordinator.ADMIN)).isNull();
    GP.catalog().checkpoint(primary);
  }

  @Test
  void withoutChecksumsNorWalLogHintsEveryRewindIsRefused() throws Exception {
    Segment primary = primary();
    GP.emulation().setDataChecksums(false);

    assertThat(GP.catalog().rewindRefusal(primary, EmbeddedCoordinator.ADMIN))
        .contains("neither data checksums nor wal_log_hints = on", "recovery.mode Full");
  }

  @Test
  void aReplicationRoleWithoutTheGrantsIsRefusedNamingEachOne() throws Exception {
    Segment primary = primary();
    String role = "replicator_" + ROLES.incrementAndGet();
    GP.emulation().createReplicationRole(role, "secret", false);

    assertThat(GP.catalog().rewindRefusal(primary, role))
        .contains(
            role + " is not a superuser",
            "pg_read_binary_file(text)",
            "pg_ls_dir(text, boolean, boolean)",
            "in template1",
            "lacks TEMPORARY on template1");
  }

  @Test
  void aReplicationRoleWithTheGrantsCanRewind() throws Exception {
    Segment primary = primary();
    String role = "replicator_" + ROLES.incrementAndGet();
    GP.emulation().createReplicationRole(role, "secret", true);

    assertThat(GP.catalog().rewindRefusal(primary, role)).isNull();
  }

  @Test
  void aRoleTheClusterDoesNotKnowIsRefused() throws Exception {
    assertThat(GP.catalog().rewindRefusal(primary(), "nobody_here")).contains("does not exist");
  }
}
