package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorLocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What gprecoverseg does for the MirrorSet's mirrors, decided per content (DESIGN.md "Day 2"). A
 * mirror of the MirrorSet that FTS marked down (m/d) is recovered: Incremental restarts its pod on
 * its volume, and once it streams the probe the diff asks for marks the pair in sync (a mirror
 * comes back by itself once it streams: 04b, 04c); Full copies it again into the same volume under
 * the same dbid and catalog row (gprecoverseg -F: 07-after-full-recovery.txt, no catalog function)
 * when the spec says so, when its log says the WAL it needs was removed, or when it has not
 * streamed within incrementalTimeout. A full recovery counts against maxParallel. Mirrors acting as
 * primary and mirrors not the MirrorSet's are never touched here.
 */
public final class Recoveries {
  private Recoveries() {}

  /**
   * The recoveries to start or change in this pass.
   *
   * @param budget base backups that may start now (maxParallel less those copying)
   */
  public static List<Action.RecoverMirror> decide(Observation seen, int budget) {
    List<Action.RecoverMirror> actions = new ArrayList<>();
    Observation.Recovery spec = seen.settings().recovery();
    if (!spec.automatic()) {
      return actions;
    }
    Disruption.Turn turn = Disruption.decide(seen);
    for (Segment row : seen.cluster().mirrors()) {
      if (!needsRecovery(seen, row) || turn.holds(row.content())) {
        // A content stopped for a move or a rebalance is that change's, not a recovery's.
        continue;
      }
      PodView pod = seen.pods().get(row.content());
      MirrorHistory before = seen.history().get(row.content());
      String recovering = before == null ? null : before.recovery();
      String full = fullBecause(seen, row, before, spec);
      if ("Full".equals(recovering)) {
        continue;
      }
      if (full != null && budget > 0 && primaryUp(seen, row)) {
        actions.add(recover(seen, row, pod, true, full));
        budget--;
      } else if (recovering == null && full == null) {
        actions.add(recover(seen, row, pod, false, incrementalBecause(pod)));
      }
    }
    return actions;
  }

  /**
   * A mirror of the MirrorSet, built before (it has a volume), in its preferred role, that FTS
   * marked down and that neither streams nor copies, and whose pod is gone, does not run, runs but
   * says the WAL it needs was removed (a roll or a pod made again restarts it on its volume), or
   * ran as a mirror that went down (a new mirror catching up after its copy is m/n/d too, and is
   * left alone).
   */
  static boolean needsRecovery(Observation seen, Segment row) {
    if (row.role() != Role.MIRROR
        || row.status() != SegmentStatus.DOWN
        || seen.volume(row.content(), row.dbid(), MirrorLocation.of(row)) == null) {
      return false;
    }
    PodView pod = seen.pods().get(row.content());
    if (pod != null && (pod.deleting() || pod.isCopying() || pod.dbid() != row.dbid())) {
      return false;
    }
    if (seen.replication().stream().anyMatch(r -> streams(r, row.content()))) {
      return false;
    }
    MirrorHistory before = seen.history().get(row.content());
    MirrorLog log = seen.mirrorLogs().get(row.content());
    return pod == null
        || !pod.isRunning()
        || (log != null && log.walRemoved())
        || (before != null
            && (before.was("Down") || before.was("Recovering") || before.was("Stalled")));
  }

  /**
   * The content's primary is p/u: a full copy wipes the mirror's directory, so it is asked only
   * while the catalog says there is a primary to copy from (the pod also checks that it answers).
   */
  private static boolean primaryUp(Observation seen, Segment row) {
    Segment primary = seen.copySource(row);
    return primary != null
        && primary.role() == Role.PRIMARY
        && primary.status() == SegmentStatus.UP;
  }

  private static String incrementalBecause(PodView pod) {
    if (pod == null) {
      return "its pod is missing; it is made again on its volume";
    }
    String how =
        pod.isRunning()
            ? "ran but did not stream"
            : "does not run" + (pod.reason() == null ? "" : " (" + pod.reason() + ")");
    return "FTS marked it down; its pod " + pod.name() + " " + how + ": restarted on its volume";
  }

  private static boolean streams(ReplicationRow r, int content) {
    return r.content() == content && r.isMirrorWalReceiver() && "streaming".equals(r.state());
  }

  /** Why this mirror needs a full copy now, or null. */
  private static String fullBecause(
      Observation seen, Segment row, MirrorHistory before, Observation.Recovery spec) {
    if ("Full".equals(before == null ? null : before.recovery())) {
      return null;
    }
    if (spec.full()) {
      return "recovery.mode is Full";
    }
    MirrorLog log = seen.mirrorLogs().get(row.content());
    if (log != null && log.walRemoved()) {
      return "its log says the WAL it needs was removed from the primary (" + log.lastLine() + ")";
    }
    if (before != null
        && "Incremental".equals(before.recovery())
        && before.recoverySince() != null) {
      Instant deadline = before.recoverySince().plus(spec.incrementalTimeout());
      if (!seen.settings().now().isBefore(deadline)) {
        return "it has not streamed within recovery.incrementalTimeout ("
            + spec.incrementalTimeout().toSeconds()
            + " s) of its incremental recovery";
      }
    }
    return null;
  }

  private static Action.RecoverMirror recover(
      Observation seen, Segment row, PodView pod, boolean full, String why) {
    return new Action.RecoverMirror(
        row.content(),
        row.dbid(),
        pod == null ? null : pod.name(),
        // The claim at the catalog's place: after a move, not the one it moved away from.
        seen.volume(row.content(), row.dbid(), MirrorLocation.of(row)).name(),
        full,
        why);
  }
}
