package io.greenplum.mirrors.status;

import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.diff.BaseBackupLog;
import io.greenplum.mirrors.diff.Observation;
import io.greenplum.mirrors.diff.PodView;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One status row per mirror, its state derived as the real cluster showed the states
 * (fixtures/gp7-real): m/n/d with the init container running is CopyingFromPrimary, catchup or
 * streaming + async is CatchingUp, m/s/u is Synchronized. A pod that does not run is reported Down
 * at once: FTS needs about a minute to mark a stopped mirror down.
 */
final class MirrorRows {
  private MirrorRows() {}

  static List<MirrorStatus> rows(
      Observation seen, Function<String, String> nodeOfHost, Map<Integer, String> previousStates) {
    Map<Integer, Segment> catalog = seen.cluster().mirrorsByContent();
    List<MirrorStatus> rows = new ArrayList<>();
    for (PlannedMirror planned : seen.plan().plan().sortedByContent()) {
      int content = planned.content();
      Segment row = catalog.get(content);
      PodView pod = seen.pods().get(content);
      MirrorStatus status = new MirrorStatus();
      status.setContent(content);
      status.setHost(row == null ? planned.hostname() : row.hostname());
      status.setAddress(row == null ? planned.address() : row.address());
      status.setPort(row == null ? planned.port() : row.port());
      status.setDataDirectory(row == null ? planned.dataDirectory() : row.dataDirectory());
      status.setNode(nodeOfHost.apply(status.getHost()));
      if (pod != null) {
        status.setPod(pod.name());
      }
      if (row != null) {
        status.setDbid(row.dbid());
        status.setRole(String.valueOf(row.role().code()));
        status.setMode(String.valueOf(row.mode().code()));
        status.setStatus(String.valueOf(row.status().code()));
      }
      ReplicationRow stream = walReceiver(seen.replication(), content);
      BaseBackupLog copy = seen.baseBackups().get(content);
      boolean built = row != null && seen.volume(content, row.dbid()) != null;
      boolean external = row != null && !seen.ours(row);
      if (external) {
        status.setExternal(true);
      }
      MirrorState state = state(row, pod, stream, built, external, previousStates.get(content));
      status.setState(state.name());
      status.setPercent(percent(state, copy));
      if (stream != null && state != MirrorState.Synchronized) {
        status.setBytesBehind(stream.bytesNotReplayed());
      }
      status.setMessage(message(state, row, pod, copy, external));
      rows.add(status);
    }
    return rows;
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
    boolean inSync = row.mode() == SegmentMode.SYNCHRONIZED && row.status() == SegmentStatus.UP;
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
    if (pod.isPromoted() || (!pod.isCopying() && !pod.isRunning())) {
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
      return Math.min(89, copy.percent() * 90 / 100);
    }
    return state.basePercent();
  }

  private static String message(
      MirrorState state, Segment row, PodView pod, BaseBackupLog copy, boolean external) {
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
      case ActingAsPrimary ->
          "promoted after its primary (dbid of content "
              + row.content()
              + ") failed; it serves as the primary now. Never deleted by the"
              + " operator; rebalance with gprecoverseg -r once the pair is in sync";
    };
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
}
