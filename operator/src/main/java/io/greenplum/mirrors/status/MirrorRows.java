package io.greenplum.mirrors.status;

import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.diff.BaseBackupLog;
import io.greenplum.mirrors.diff.MirrorLog;
import io.greenplum.mirrors.diff.Moves;
import io.greenplum.mirrors.diff.Observation;
import io.greenplum.mirrors.diff.PodView;
import io.greenplum.mirrors.diff.VolumeView;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One status row per mirror, built from what the catalog and the pods show now (the plan only for
 * mirrors not registered yet), its state derived as the real cluster showed the states
 * (fixtures/gp7-real): m/n/d with the init container running is CopyingFromPrimary, catchup or
 * streaming + async is CatchingUp, m/s/u is Synchronized. A pod that does not run is reported Down
 * at once: FTS needs about a minute to mark a stopped mirror down.
 */
final class MirrorRows {
  private MirrorRows() {}

  static List<MirrorStatus> rows(
      Observation seen,
      Function<String, String> nodeOfHost,
      Map<Integer, MirrorStatus> previous,
      Map<Integer, String> recoveriesStarted,
      Instant now,
      Moves.Step moves) {
    Map<Integer, Segment> catalog = seen.cluster().mirrorsByContent();
    Map<Integer, PlannedMirror> plan =
        seen.plan().plan() == null ? Map.of() : seen.plan().plan().byContent();
    List<MirrorStatus> rows = new ArrayList<>();
    for (Segment primary : seen.cluster().primaries()) {
      int content = primary.content();
      Segment row = catalog.get(content);
      PlannedMirror planned = plan.get(content);
      if (row == null && planned == null) {
        continue;
      }
      MirrorStatus status = describe(seen, row, planned, nodeOfHost);
      status.setPrimary(primary.hostname() + ":" + primary.port());
      status.setPrimaryStatus(String.valueOf(primary.status().code()));
      PodView pod = seen.pods().get(content);
      ReplicationRow stream = walReceiver(seen.replication(), content);
      BaseBackupLog copy = seen.baseBackups().get(content);
      boolean built = row != null && seen.volume(content, row.dbid()) != null;
      boolean external = Boolean.TRUE.equals(status.getExternal());
      MirrorStatus before = previous.get(content);
      MirrorState found =
          state(row, pod, stream, built, external, before == null ? null : before.getState());
      recovery(status, row, found, before, recoveriesStarted.get(content), now);
      MirrorState state =
          status.getRecovery() != null && RECOVERING.contains(found)
              ? MirrorState.Recovering
              : found;
      int percent = percent(state, copy);
      boolean moving = Integer.valueOf(content).equals(moves.current());
      status.setSince(progressSince(before, moving ? MirrorState.Moving : state, percent, now));
      status.setPercent(percent);
      status.setCopyEta(copyEta(before, state, percent, now));
      if (stream != null && state != MirrorState.Synchronized) {
        status.setBytesBehind(roundedDown(stream.bytesNotReplayed()));
        status.setReplayLagSeconds(tenths(stream.replayLagSeconds()));
      }
      status.setNotInSyncSince(notInSyncSince(row, primary, before, now));
      // A recovering mirror that is down says why it is down (its pod's words).
      String message =
          message(found == MirrorState.Down ? found : state, row, primary, pod, copy, external);
      Instant since = Instant.parse(status.getSince());
      boolean stuck = !since.plus(seen.settings().recovery().stallTimeout()).isAfter(now);
      if (moving) {
        // A move's wait ends too: stopped for longer than stallTimeout, it is Stalled.
        state = stuck ? MirrorState.Stalled : MirrorState.Moving;
        message =
            (stuck ? "no progress for " + Duration.between(since, now).toSeconds() + " s: " : "")
                + "moving "
                + moves.planned().get(0).describe()
                + ": "
                + moves.stage();
      } else if (STALLABLE.contains(state) && stuck) {
        message = stalled(state, pod, seen.mirrorLogs().get(content), since, now);
        state = MirrorState.Stalled;
      } else if (status.getRecovery() != null && state == MirrorState.Recovering) {
        message =
            status.getRecovery() + " recovery since " + status.getRecoverySince() + ": " + message;
      }
      if (!moving && row != null) {
        VolumeView from = seen.movedFrom(row);
        if (from != null && !from.retired()) {
          message =
              "moved from "
                  + MirrorLocation.parse(from.location())
                  + (message == null || message.isEmpty() ? "" : "; " + message);
        }
      }
      status.setState(state.name());
      status.setMessage(message);
      rows.add(status);
    }
    return rows;
  }

  /**
   * When the pair left sync: kept from the last status while it stays out, now when it leaves (or
   * is first seen out), none while the mirror's and the primary's rows are both s and u.
   */
  private static String notInSyncSince(
      Segment row, Segment primary, MirrorStatus before, Instant now) {
    if (row != null && row.isSynchronizedAndUp() && primary.status() == SegmentStatus.UP) {
      return null;
    }
    return before != null && before.getNotInSyncSince() != null
        ? before.getNotInSyncSince()
        : now.toString();
  }

  private static Double tenths(Double seconds) {
    return seconds == null ? null : Math.round(seconds * 10) / 10.0;
  }

  /** The status percent at which the copy is done (catch-up takes the rest). */
  private static final int COPIED = 90;

  /** States a recovery in progress shows as Recovering. */
  private static final Set<MirrorState> RECOVERING =
      EnumSet.of(MirrorState.Down, MirrorState.CatchingUp, MirrorState.Registered);

  /** States in which a mirror that makes no progress for stallTimeout is shown Stalled. */
  private static final Set<MirrorState> STALLABLE =
      EnumSet.of(
          MirrorState.Registered,
          MirrorState.CopyingFromPrimary,
          MirrorState.Recovering,
          MirrorState.Down,
          MirrorState.Moving);

  /** Where the mirror is and what the catalog says of it. */
  private static MirrorStatus describe(
      Observation seen, Segment row, PlannedMirror planned, Function<String, String> nodeOfHost) {
    MirrorStatus status = new MirrorStatus();
    status.setContent(row == null ? planned.content() : row.content());
    status.setHost(row == null ? planned.hostname() : row.hostname());
    status.setAddress(row == null ? planned.address() : row.address());
    status.setPort(row == null ? planned.port() : row.port());
    status.setDataDirectory(row == null ? planned.dataDirectory() : row.dataDirectory());
    status.setNode(nodeOfHost.apply(status.getHost()));
    PodView pod = seen.pods().get(status.getContent());
    if (pod != null) {
      status.setPod(pod.name());
    }
    if (row != null) {
      status.setDbid(row.dbid());
      status.setRole(String.valueOf(row.role().code()));
      status.setMode(String.valueOf(row.mode().code()));
      status.setStatus(String.valueOf(row.status().code()));
      if (!seen.ours(row)) {
        status.setExternal(true);
      }
    }
    return status;
  }

  /**
   * The recovery under way: the one started this pass, else the one the status recorded, until the
   * pair is in sync again.
   */
  private static void recovery(
      MirrorStatus status,
      Segment row,
      MirrorState state,
      MirrorStatus before,
      String startedNow,
      Instant now) {
    if (row == null || state == MirrorState.Synchronized || state == MirrorState.ActingAsPrimary) {
      return;
    }
    if (startedNow != null) {
      status.setRecovery(startedNow);
      status.setRecoverySince(now.toString());
    } else if (before != null && before.getRecovery() != null) {
      status.setRecovery(before.getRecovery());
      status.setRecoverySince(before.getRecoverySince());
    }
  }

  /** When the mirror last changed state or progressed (Stalled counts as no change). */
  private static String progressSince(
      MirrorStatus before, MirrorState state, int percent, Instant now) {
    boolean same =
        before != null
            && before.getSince() != null
            && (state.name().equals(before.getState())
                || (MirrorState.Stalled.name().equals(before.getState())
                    && STALLABLE.contains(state)))
            && before.getPercent() != null
            && before.getPercent() == percent;
    return same ? before.getSince() : now.toString();
  }

  /**
   * When a copy should reach {@link #COPIED} percent, at the pace of its last step: the percent
   * gained since the last status's progress time. Kept while the percent stands still.
   */
  private static String copyEta(MirrorStatus before, MirrorState state, int percent, Instant now) {
    if (state != MirrorState.CopyingFromPrimary
        || before == null
        || !state.name().equals(before.getState())
        || before.getPercent() == null
        || before.getSince() == null) {
      return null;
    }
    int gained = percent - before.getPercent();
    if (gained <= 0) {
      return before.getCopyEta();
    }
    Duration step = Duration.between(Instant.parse(before.getSince()), now);
    long left = Math.max(0, COPIED - percent);
    return now.plus(step.multipliedBy(left).dividedBy(gained))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString();
  }

  /** Why a mirror has not progressed, in its pod's words. */
  private static String stalled(
      MirrorState state, PodView pod, MirrorLog log, Instant since, Instant now) {
    String why;
    if (pod == null) {
      why = "it has no pod";
    } else if (log != null && "CrashLoopBackOff".equals(pod.reason()) && log.lastLine() != null) {
      why = "pod " + pod.name() + " crash-loops; its last log line: " + log.lastLine();
    } else if (pod.waiting() != null) {
      why = "pod " + pod.name() + " waits: " + pod.waiting();
    } else {
      why = "pod " + pod.name() + " shows no progress";
    }
    return "no progress for "
        + java.time.Duration.between(since, now).toSeconds()
        + " s while "
        + state
        + ": "
        + why;
  }

  /**
   * @param built the mirror has a volume of its dbid (its pod ran, or runs)
   * @param external the mirror runs outside Kubernetes (added by gpaddmirrors)
   */
  static MirrorState state(
      Segment row,
      PodView pod,
      ReplicationRow stream,
      boolean built,
      boolean external,
      String previous) {
    boolean wasDown = "Down".equals(previous) || "Recovering".equals(previous);
    if (row == null) {
      return MirrorState.Pending;
    }
    if (row.role() == Role.PRIMARY) {
      return MirrorState.ActingAsPrimary;
    }
    boolean inSync = row.isSynchronizedAndUp();
    if (pod == null) {
      if (external) {
        return inSync
            ? MirrorState.Synchronized
            : row.status() == SegmentStatus.DOWN ? MirrorState.Down : MirrorState.CatchingUp;
      }
      if (built) {
        return MirrorState.Down;
      }
      return stream == null ? MirrorState.Registered : MirrorState.CatchingUp;
    }
    if (pod.isPromoted() || pod.isWaiting() || (!pod.isCopying() && !pod.isRunning())) {
      return MirrorState.Down;
    }
    if (pod.isCopying()) {
      return pod.baseBackup() == PodView.Step.RUNNING
          ? MirrorState.CopyingFromPrimary
          : MirrorState.Registered;
    }
    if (inSync) {
      return MirrorState.Synchronized;
    }
    if (stream != null || row.status() == SegmentStatus.DOWN) {
      return wasDown ? MirrorState.Recovering : MirrorState.CatchingUp;
    }
    return MirrorState.Down;
  }

  private static int percent(MirrorState state, BaseBackupLog copy) {
    if (state == MirrorState.CopyingFromPrimary && copy != null && copy.percent() != null) {
      return Math.min(COPIED - 1, copy.percent() * COPIED / 100);
    }
    return state.basePercent();
  }

  private static String message(
      MirrorState state,
      Segment row,
      Segment primary,
      PodView pod,
      BaseBackupLog copy,
      boolean external) {
    String failed =
        pod != null && pod.initMessage() != null && pod.initMessage().startsWith("failed:")
            ? "; the last base backup " + pod.initMessage()
            : "";
    return switch (state) {
      case Pending -> "waiting to be registered with every other mirror in one transaction";
      case Registered ->
          pod == null
              ? "registered; waiting for a base backup slot (maxParallel)"
              : "registered; pod "
                  + pod.name()
                  + " is starting"
                  + (pod.reason() == null ? "" : " (" + pod.reason() + ")")
                  + failed;
      case CopyingFromPrimary ->
          copy != null && copy.replicationRefused()
              ? "the primary's pg_hba.conf refuses replication from " + copy.refusedFrom()
              : "copying from primary (pg_basebackup)" + failed;
      case CatchingUp -> "streaming WAL; FTS marks the pair in sync at its next probe";
      case Synchronized -> external ? "runs outside Kubernetes (added by gpaddmirrors)" : "";
      case Down -> down(row, pod, external);
      case Recovering -> "running again after being down; catching up";
      case Stalled -> "no progress";
      case Moving -> "moving";
      case ActingAsPrimary ->
          (pod == null || pod.notStarted() == null
                  ? ""
                  : "its pod " + pod.name() + " does not start it: " + pod.notStarted() + ". ")
              + actingPrimary(row, primary);
    };
  }

  /** Where a promoted mirror stands, and what to do about its old primary (not the operator's). */
  private static String actingPrimary(Segment row, Segment oldPrimary) {
    String serves =
        "promoted after its primary failed; it serves as the primary of content "
            + row.content()
            + " now; the operator never stops or rebuilds its pod unless a rebalance is asked for. ";
    if (oldPrimary == null) {
      return serves;
    }
    String old =
        "The old primary, dbid "
            + oldPrimary.dbid()
            + " on "
            + oldPrimary.hostname()
            + ":"
            + oldPrimary.port();
    if (oldPrimary.status() == SegmentStatus.DOWN) {
      return serves
          + old
          + ", is down and is not this MirrorSet's: recover it with gprecoverseg -a on the"
          + " coordinator host (it is rewound against this pod), then ask for a rebalance"
          + " (annotation "
          + MirrorSet.REBALANCE_ANNOTATION
          + ")";
    }
    return serves
        + old
        + ", runs as its mirror"
        + (row.mode() == SegmentMode.SYNCHRONIZED ? ", in sync" : ", catching up")
        + ": annotate the MirrorSet with "
        + MirrorSet.REBALANCE_ANNOTATION
        + "=<any new value> to switch back to the preferred roles";
  }

  private static String down(Segment row, PodView pod, boolean external) {
    if (external) {
      return "runs outside Kubernetes (added by gpaddmirrors) and is down: the operator does not"
          + " rebuild it (a second instance would start on "
          + row.hostname()
          + ":"
          + row.port()
          + "); recover it with gprecoverseg -a on the coordinator host";
    }
    if (pod == null) {
      return "the mirror pod is missing; it is recreated on its volume";
    }
    if (pod.isWaiting()) {
      return "the pod "
          + pod.name()
          + " touched nothing and tries again: "
          + pod.initMessage().substring("waiting:".length()).strip();
    }
    if (pod.isPromoted()) {
      return "the pod "
          + pod.name()
          + " found a directory that ran as a primary and left it as it is: "
          + pod.initMessage().substring("promoted:".length()).strip();
    }
    return "the mirror pod "
        + pod.name()
        + " does not run"
        + (pod.reason() == null ? "" : " (" + pod.reason() + ")");
  }

  private static ReplicationRow walReceiver(List<ReplicationRow> rows, int content) {
    for (ReplicationRow row : rows) {
      if (row.content() == content && row.isMirrorWalReceiver() && row.state() != null) {
        return row;
      }
    }
    return null;
  }

  /** One MiB: lag below it is noise of a busy primary, not worth a status write. */
  static final long LAG_STEP = 1L << 20;

  /**
   * Bytes behind in whole MiB, so that an in-sync mirror of a busy primary (a few kB behind at any
   * moment) does not change the status at every pass.
   */
  static Long roundedDown(Long bytes) {
    return bytes == null ? null : bytes / LAG_STEP * LAG_STEP;
  }
}
