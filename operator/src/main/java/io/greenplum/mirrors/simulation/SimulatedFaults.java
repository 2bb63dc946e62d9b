package io.greenplum.mirrors.simulation;

import java.time.Duration;
import java.util.Map;

/**
 * SIMULATION. Faults of what a pod's programs meet on the cluster (the fake pg_rewind and rm read
 * them): set by a test, seen by every init container started afterwards.
 */
public final class SimulatedFaults {
  private volatile boolean withoutChecksums;
  private volatile boolean withoutRewindRights;
  private volatile long rewindMillis;
  private volatile long deleteMillis;

  /** See {@link SimulatedCluster#withoutChecksums()}. */
  void withoutChecksums() {
    withoutChecksums = true;
  }

  /** See {@link SimulatedCluster#replicationRole}. */
  void replicationRoleWithoutRewindRights() {
    withoutRewindRights = true;
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

  /** What the fake programs read. */
  Map<String, String> env() {
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
