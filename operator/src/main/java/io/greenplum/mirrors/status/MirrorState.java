package io.greenplum.mirrors.status;

/** Where one mirror stands, as status.mirrors[].state shows it. */
public enum MirrorState {
  /** Not registered in the catalog yet. */
  Pending(0),
  /** Registered (m/n/d), its pod not started yet. */
  Registered(0),
  /** The pod's base backup copies the primary. */
  CopyingFromPrimary(0),
  /** The mirror streams (catchup or async) and waits for FTS to mark the pair in sync. */
  CatchingUp(90),
  /** m/s/u: in sync with its primary. */
  Synchronized(100),
  /** The mirror does not run (pod failed, missing or not running), or FTS marked it down. */
  Down(0),
  /** The mirror runs again after being down and catches up. */
  Recovering(90),
  /** No progress (no copy progress, no streaming, no pod start) for recovery.stallTimeout. */
  Stalled(0),
  /**
   * Being moved to a new place (placement, ports or dataDirectories changed): stopped at the old
   * place and waiting for FTS to mark it down, then its catalog row moved.
   */
  Moving(0),
  /** Its primary failed and it was promoted: it serves as the primary now. */
  ActingAsPrimary(100);

  private final int basePercent;

  MirrorState(int basePercent) {
    this.basePercent = basePercent;
  }

  int basePercent() {
    return basePercent;
  }
}
