package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.plan.ExistingMirrors;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pure heart of the operator, following DESIGN.md's mirror lifecycle: what to do, given what
 * was observed. No mirrors: prove every host can copy (preflight), then register them all. Every
 * content mirrored as planned: create what is missing on the Kubernetes side for the mirrors that
 * are the operator's, at most maxParallel base backups at a time; mirrors added by gpaddmirrors are
 * never rebuilt. Mirrors placed otherwise, or only some contents mirrored: nothing (the status says
 * why).
 */
public final class MirrorSetDiff {
  private MirrorSetDiff() {}

  public static List<Action> diff(Observation seen) {
    return diff(seen, Rebalance.decide(seen));
  }

  /** The actions of this pass, {@code rebalance} (decided on the same observation) among them. */
  public static List<Action> diff(Observation seen, Rebalance.Step rebalance) {
    return diff(seen, rebalance, Moves.decide(seen));
  }

  /** As above, with the moves too decided once on the same observation. */
  public static List<Action> diff(Observation seen, Rebalance.Step rebalance, Moves.Step moves) {
    return diff(seen, rebalance, moves, !seen.plan().isValid());
  }

  /**
   * As above. {@code held}: nothing new is begun, because the spec is invalid (a planner error, a
   * node that does not exist, a volume refusal) or the operator is about to stop (suspend,
   * deletion). What the spec asks for waits (registration, rolling updates, volume growth; the
   * caller holds the moves back in {@code moves}); the registered mirrors are looked after all the
   * same: pods made again, acting primaries first, recoveries, the FTS timer, {@code rebalance}.
   */
  public static List<Action> diff(
      Observation seen, Rebalance.Step rebalance, Moves.Step moves, boolean held) {
    List<Action> actions = new ArrayList<>(releaseOwnership(seen.pods(), seen.volumes()));
    if (seen.plan().existing().state() == ExistingMirrors.State.NONE) {
      // A user tablespace: no mirror pod could hold its copy; nothing is proven nor registered.
      if (!held && seen.plan().isValid() && seen.tablespaces().isEmpty()) {
        actions.addAll(Preflights.actions(seen));
      }
      return actions;
    }
    // A Conflict or a partially mirrored cluster blocks registration only: the mirrors that are
    // this MirrorSet's are maintained whatever the plan says of the others.
    seen.preflight().stream()
        .filter(p -> !moves.keeps(p))
        .forEach(p -> actions.add(new Action.DeletePreflight(p.name())));
    actions.addAll(maintain(seen, rebalance, moves, held));
    return actions;
  }

  /**
   * Owner references an earlier release put on pods and volumes go: with them the garbage collector
   * would delete the mirrors with their MirrorSet, whatever its deletionPolicy says.
   */
  public static List<Action> releaseOwnership(
      Map<Integer, PodView> pods, List<VolumeView> volumes) {
    List<Action> actions = new ArrayList<>();
    pods.values().stream()
        .filter(p -> p.ownerReferenced() && !p.deleting())
        .forEach(p -> actions.add(new Action.ReleaseOwnership("Pod", p.name())));
    volumes.stream()
        .filter(v -> v.ownerReferenced() && !v.deleting())
        .forEach(v -> actions.add(new Action.ReleaseOwnership("PersistentVolumeClaim", v.name())));
    return actions;
  }

  /** What the registered mirrors need, content by content, from their catalog rows. */
  private static List<Action> maintain(
      Observation seen, Rebalance.Step rebalance, Moves.Step moves, boolean held) {
    List<Action> actions = new ArrayList<>(rebalance.actions());
    actions.addAll(moves.actions());
    if (!held) {
      actions.addAll(Volumes.actions(seen));
    }
    actions.addAll(CompleteCopies.records(seen));
    int budget = Math.max(0, seen.settings().maxParallel() - copying(seen));
    List<Action.RecoverMirror> recoveries = Recoveries.decide(seen, budget);
    actions.addAll(recoveries);
    budget -= (int) recoveries.stream().filter(Action.RecoverMirror::full).count();
    // A pod being restarted, or made again for a full copy (with the volume's new token), is
    // made in a later pass; a missing pod made now is the incremental recovery itself.
    java.util.Set<Integer> recovering =
        recoveries.stream()
            .filter(r -> r.full() || r.pod() != null)
            .map(Action.RecoverMirror::content)
            .collect(java.util.stream.Collectors.toSet());
    for (Segment row : seen.cluster().mirrors()) {
      PodView pod = seen.pods().get(row.content());
      if ((pod != null && pod.deleting())
          || recovering.contains(row.content())
          || Integer.valueOf(row.content()).equals(rebalance.promoting())
          || Integer.valueOf(row.content()).equals(moves.current())) {
        continue;
      }
      String replace = pod == null ? null : whyReplace(row, pod);
      if (pod != null
          && replace == null
          && pod.role() != null
          && !Annotations.role(row.role() == Role.PRIMARY).equals(pod.role())) {
        actions.add(
            new Action.RecordRole(
                row.content(), pod.name(), Annotations.role(row.role() == Role.PRIMARY)));
      }
      if (replace != null) {
        actions.add(new Action.DeletePod(row.content(), pod.name(), replace));
      } else if (pod == null && seen.ours(row) && row.role() == Role.PRIMARY) {
        // An acting primary's pod never copies, and without it the content has no primary: it is
        // made whatever the copies under way, before anything else.
        actions.add(0, create(seen, row, false));
      } else if (pod == null && seen.ours(row) && restarts(seen, row, rebalance)) {
        // Its volume holds the complete copy the pod needs: a restart, not a base backup.
        actions.add(create(seen, row, false));
      } else if (pod == null && seen.ours(row) && budget > 0) {
        actions.add(
            create(seen, row, Integer.valueOf(row.content()).equals(rebalance.rewinding())));
        budget--;
      }
    }
    if (!held) {
      // The rule of disruption gives rolls the turn only when nothing else is under way.
      RollingUpdate.next(seen).ifPresent(actions::add);
    }
    // The budgets before anything is stopped (a pod this pass stops is not yet seen stopped), after
    // the pods of acting primaries that are missing.
    int first = 0;
    while (first < actions.size()
        && actions.get(first) instanceof Action.CreateMirror c
        && c.actingPrimary()) {
      first++;
    }
    actions.addAll(
        first, EvictionBudget.actions(seen, actions.stream().anyMatch(Action::stopsPod)));
    boolean probing = actions.stream().anyMatch(a -> a instanceof Action.RequestFtsProbe);
    if (!probing
        && (needsProbe(seen, seen.cluster().mirrorsByContent()) || FtsTimer.probeDue(seen))) {
      actions.add(new Action.RequestFtsProbe());
    }
    return actions;
  }

  /** The pods that hold a copy slot: copying now or about to, not starting on a complete copy. */
  private static int copying(Observation seen) {
    return (int)
        seen.pods().values().stream()
            .filter(PodView::holdsCopySlot)
            .filter(p -> !CompleteCopies.restarts(seen, p))
            .count();
  }

  /**
   * The mirror's pod, made now, starts on a complete copy: no copy slot. Not when a rebalance
   * rewinds it (a rewind can end in a full copy).
   */
  private static boolean restarts(Observation seen, Segment row, Rebalance.Step rebalance) {
    return !Integer.valueOf(row.content()).equals(rebalance.rewinding())
        && CompleteCopies.complete(
            seen.volume(row.content(), row.dbid(), MirrorLocation.of(row)), row.dbid());
  }

  /** Why a mirror's pod cannot become (or stay) the catalog's mirror, or null when it can. */
  private static String whyReplace(Segment row, PodView pod) {
    if (pod.location() != null && !pod.location().equals(MirrorLocation.of(row).key())) {
      return "it runs the mirror at its old place; the catalog has moved it to "
          + MirrorLocation.of(row);
    }
    if (pod.dbid() != row.dbid()) {
      return "built for dbid " + pod.dbid() + " but the catalog's mirror is dbid " + row.dbid();
    }
    if (pod.startedAsPrimary() && row.role() == Role.MIRROR) {
      // FTS made the other instance primary after this pod started ours as primary: two
      // primaries must not run; ours is made again as a mirror (rewound).
      return "it started dbid "
          + row.dbid()
          + " as the acting primary, but FTS has since made it the mirror: it is made again and"
          + " rewound into a mirror";
    }
    return pod.isFailed() ? "the pod failed" : null;
  }

  /**
   * @param rebalancing the content is being rebalanced: its directory is rewound whatever
   *     recovery.automatic says
   */
  private static Action.CreateMirror create(Observation seen, Segment row, boolean rebalancing) {
    VolumeView volume = seen.volume(row.content(), row.dbid(), MirrorLocation.of(row));
    VolumeView movedFrom = volume == null ? seen.movedFrom(row) : null;
    boolean acting = row.role() == Role.PRIMARY;
    return new Action.CreateMirror(
        PlannedMirror.of(row, seen.copySource(row)),
        row.dbid(),
        volume != null ? volume.name() : null,
        volume == null,
        acting,
        seen.tools() == SegmentTools.GREENPLUM_6 && !acting,
        volume == null ? null : volume.copyToken(),
        rebalancing || seen.settings().recovery().automatic(),
        movedFrom == null ? null : movedFrom.name());
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
