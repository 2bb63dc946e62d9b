package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.ExistingMirrors;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pure heart of the operator, following DESIGN.md's mirror lifecycle: what to do, given what
 * was observed. No mirrors: register them all. Every content mirrored as planned: create what is
 * missing on the Kubernetes side, at most maxParallel base backups at a time. Mirrors placed
 * otherwise, or only some contents mirrored: nothing (the status says why).
 */
public final class MirrorSetDiff {
  private MirrorSetDiff() {}

  public static List<Action> diff(Observation seen) {
    if (!seen.plan().isValid()) {
      return List.of();
    }
    ExistingMirrors.State existing = seen.plan().existing().state();
    return switch (existing) {
      case NONE -> List.of(new Action.RegisterMirrors(seen.plan().plan()));
      case MATCHES_PLAN -> adopt(seen);
      default -> List.of();
    };
  }

  private static List<Action> adopt(Observation seen) {
    List<Action> actions = new ArrayList<>();
    Map<Integer, Segment> rows = seen.cluster().mirrorsByContent();
    int copying = (int) seen.pods().values().stream().filter(PodView::isCopying).count();
    int budget = Math.max(0, seen.maxParallel() - copying);
    for (PlannedMirror planned : seen.plan().plan().mirrors()) {
      Segment row = rows.get(planned.content());
      PodView pod = seen.pods().get(planned.content());
      boolean ours = seen.volumes().contains(planned.content());
      if (pod != null && pod.deleting()) {
        continue;
      }
      if (pod != null && pod.dbid() != row.dbid()) {
        actions.add(
            new Action.DeletePod(
                planned.content(),
                pod.name(),
                "built for dbid "
                    + pod.dbid()
                    + " but the catalog's mirror is dbid "
                    + row.dbid()));
      } else if (pod != null && pod.isFailed()) {
        actions.add(new Action.DeletePod(planned.content(), pod.name(), "the pod failed"));
      } else if (pod == null && (ours || row.status() == SegmentStatus.DOWN) && budget > 0) {
        actions.add(new Action.CreateMirror(planned, row.dbid(), !ours));
        budget--;
      }
    }
    if (needsProbe(seen, rows)) {
      actions.add(new Action.RequestFtsProbe());
    }
    return actions;
  }

  /** A mirror streams while the catalog does not call its pair in sync: FTS should look now. */
  static boolean needsProbe(Observation seen, Map<Integer, Segment> rows) {
    for (ReplicationRow row : seen.replication()) {
      Segment mirror = rows.get(row.content());
      if (row.isMirrorWalReceiver()
          && "streaming".equals(row.state())
          && mirror != null
          && (mirror.mode() != SegmentMode.SYNCHRONIZED || mirror.status() != SegmentStatus.UP)) {
        return true;
      }
    }
    return false;
  }
}
