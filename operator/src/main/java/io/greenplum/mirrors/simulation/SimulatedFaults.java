package io.greenplum.mirrors.simulation;

import io.greenplum.mirrors.emulation.GreenplumEmulation;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * SIMULATION. Faults of what a pod's programs meet on the cluster (the fake pg_rewind and rm read
 * them), and the DBA's fixes: set by a test, seen by every init container started afterwards; what
 * the catalog shows of them changes with them.
 */
public final class SimulatedFaults {
  private final GreenplumEmulation greenplum;
  private volatile boolean withoutChecksums;
  private volatile boolean withoutRewindRights;
  private volatile long rewindMillis;
  private volatile long deleteMillis;
  private volatile long copyMillis = -1;

  SimulatedFaults(GreenplumEmulation greenplum) {
    this.greenplum = greenplum;
  }

  /**
   * The cluster was made without data checksums and runs without wal_log_hints: pg_rewind refuses
   * its directories (operator-day2-on-real-cluster.txt section 6), and the catalog says so.
   */
  public void withoutChecksums() throws SQLException {
    greenplum.setDataChecksums(false);
    withoutChecksums = true;
  }

  /** The DBA's fix of {@link #withoutChecksums}: wal_log_hints on, the cluster restarted. */
  public void walLogHintsOn() throws SQLException {
    greenplum.setWalLogHints(true);
    withoutChecksums = false;
  }

  /** See {@link SimulatedCluster#replicationRole}. */
  void replicationRoleWithoutRewindRights() {
    withoutRewindRights = true;
  }

  /** The DBA's fix: {@code role} is granted what pg_rewind needs (README, "The bad day"). */
  public void grantRewindRights(String role) throws SQLException {
    greenplum.grantRewindRights(role);
    withoutRewindRights = false;
  }

  /** Each pg_rewind writes for this long, so that a fault can cut it off. */
  public void slowRewinds(Duration duration) {
    rewindMillis = duration.toMillis();
  }

  /**
   * Each file a pod's script deletes with rm -r takes this long to go (a terabyte directory takes
   * minutes), the standby file and backup_label first: a fault can cut a wipe off half way.
   */
  public void slowDeletes(Duration perFile) {
    deleteMillis = perFile.toMillis();
  }

  /** Each base backup started from now on takes this long (a terabyte primary takes hours). */
  public void slowCopies(Duration duration) {
    copyMillis = duration.toMillis();
  }

  /** What the fake programs read (SIM_COPY_MS only once {@link #slowCopies} was asked). */
  Map<String, String> env() {
    Map<String, String> env = new java.util.HashMap<>(programs());
    if (copyMillis >= 0) {
      env.put("SIM_COPY_MS", String.valueOf(copyMillis));
    }
    return env;
  }

  private Map<String, String> programs() {
    return Map.of(
        "SIM_NO_CHECKSUMS",
        withoutChecksums ? "1" : "0",
        "SIM_REWIND_RIGHTS",
        withoutRewindRights ? "0" : "1",
        "SIM_REWIND_MS",
        String.valueOf(rewindMillis),
        "SIM_RM_MS",
        String.valueOf(deleteMillis));
  }
}
