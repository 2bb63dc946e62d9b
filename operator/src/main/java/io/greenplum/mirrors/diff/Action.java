package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.plan.MirrorPlan;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.List;

/** One thing the reconciler does to make the cluster match the MirrorSet. */
public sealed interface Action {
  /** An action for one content (what JSON logs name in the MDC). */
  interface ForContent {
    int content();
  }

  /** The action stops a mirror pod (deletes or restarts it). */
  default boolean stopsPod() {
    return this instanceof DeletePod
        || this instanceof StopMirror
        || this instanceof StopActingPrimary
        || this instanceof RecoverMirror r && r.pod() != null;
  }

  /** An action on one of the mirrors' volume claims. */
  sealed interface OnVolume extends Action {
    String name();
  }

  /** Register a mirror for every content, in one catalog transaction. */
  record RegisterMirrors(MirrorPlan plan) implements Action {}

  /**
   * Create the volume claim (if missing) and the pod of a registered mirror.
   *
   * @param volume the name of the mirror's volume claim (of this dbid, at the mirror's place), or
   *     null when it is missing
   * @param movedFrom the claim the mirror moved away from, when its claim at the new place is
   *     missing (the new claim's name is made from both places), else null
   * @param actingPrimary the catalog says this dbid acts as primary: its directory is used as it is
   * @param createSlot Greenplum 6: create the primary's replication slot first, by SQL
   * @param copyToken the volume's full-recovery token (the init container copies again when the
   *     directory's copy is of another token), or null
   * @param rewind a directory that ran as a primary is rewound into a mirror (recovery automatic,
   *     or a rebalance); else it is left as it is and reported
   */
  record CreateMirror(
      PlannedMirror mirror,
      int dbid,
      String volume,
      boolean volumeMissing,
      boolean actingPrimary,
      boolean createSlot,
      String copyToken,
      boolean rewind,
      String movedFrom)
      implements Action, ForContent {

    @Override
    public int content() {
      return mirror.content();
    }

    /** A mirror that has not moved. */
    public CreateMirror(
        PlannedMirror mirror,
        int dbid,
        String volume,
        boolean volumeMissing,
        boolean actingPrimary,
        boolean createSlot,
        String copyToken,
        boolean rewind) {
      this(mirror, dbid, volume, volumeMissing, actingPrimary, createSlot, copyToken, rewind, null);
    }
  }

  /**
   * Recover a mirror FTS marked down: Incremental restarts its pod on its volume, Full marks the
   * volume to be copied again (same dbid, same catalog row, as gprecoverseg -F) and restarts it.
   *
   * @param pod its pod, or null when there is none
   * @param why what the recovery answers, for the event
   */
  record RecoverMirror(int content, int dbid, String pod, String volume, boolean full, String why)
      implements Action, ForContent {}

  /** Delete a pod that cannot become the mirror (failed, or built for another dbid). */
  record DeletePod(int content, String pod, String why) implements Action, ForContent {}

  /** Stop a mirror for good (deletionPolicy RemoveMirrors): its pod is deleted, fast shutdown. */
  record StopMirror(int content, String pod) implements Action, ForContent {}

  /**
   * Rebalance: stop the mirror of this MirrorSet that acts as primary (its pod is deleted: fast
   * shutdown), so that FTS promotes the preferred primary.
   */
  record StopActingPrimary(int content, int dbid, String pod, String why)
      implements Action, ForContent {}

  /**
   * Write the catalog's role of a mirror pod's dbid ("primary" or "mirror") on the pod
   * (greenplum.io/catalog-role), where its init container reads it at its next start.
   */
  record RecordRole(int content, String pod, String role) implements Action, ForContent {}

  /**
   * Set a mirror pod's role label (greenplum.io/role: mirror, primary or sole-primary), which
   * places it in one of the MirrorSet's disruption budgets ({@link EvictionBudget}).
   */
  record LabelRole(int content, String pod, String role) implements Action, ForContent {}

  /**
   * Make or update the MirrorSet's two PodDisruptionBudgets with these integer minAvailable values
   * (the runner writes only what changed since its last write).
   */
  record SetDisruptionBudgets(int mirrorsMinAvailable, int primariesMinAvailable)
      implements Action {}

  /** Ask FTS to probe now: a mirror streams but the catalog does not say in sync yet. */
  record RequestFtsProbe() implements Action {}

  /**
   * Start the preflight pod of a mirror host.
   *
   * @param primaries the primaries whose mirrors the host will copy
   * @param checks the fingerprint of what it checks
   */
  record CreatePreflight(String host, List<Segment> primaries, String checks) implements Action {
    public CreatePreflight {
      primaries = List.copyOf(primaries);
    }
  }

  /** Remove a preflight pod: done, or it checked something the spec no longer asks. */
  record DeletePreflight(String pod) implements Action {}

  /**
   * Remove the owner reference an earlier release put on a pod or volume claim: the garbage
   * collector would delete it with its MirrorSet, whatever the deletionPolicy says.
   *
   * @param kind Pod or PersistentVolumeClaim
   */
  record ReleaseOwnership(String kind, String name) implements Action {}

  /** Remove every mirror row in one transaction (all are marked down). */
  record RemoveMirrorRows() implements Action {}

  /** Drop internal_wal_replication_slot on each of these primaries. */
  record DropReplicationSlots(List<Segment> primaries) implements Action {
    public DropReplicationSlots {
      primaries = List.copyOf(primaries);
    }
  }

  /**
   * Move a stopped mirror, marked down, to its new place in one catalog transaction
   * (gp_remove_segment_mirror, gp_add_segment with the same dbid, a history row).
   */
  record MoveMirror(Moves.Move move) implements Action, ForContent {
    @Override
    public int content() {
      return move.content();
    }
  }

  /**
   * Set (or, with a null value, remove) annotations of a mirror's volume claim: where it is, that
   * its mirror is being moved, that it is retired.
   *
   * @param reason the reason of the Normal event recorded with it, or null for none
   */
  record AnnotateVolume(
      String name, java.util.Map<String, String> annotations, String reason, String message)
      implements OnVolume {
    public AnnotateVolume {
      annotations = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(annotations));
    }
  }

  /** Record a Normal event on the MirrorSet (what a pass did that no other action says). */
  record Notice(String reason, String message) implements Action {}

  /** Grow a mirror's volume claim to {@code size} (spec.storage.size). */
  record GrowVolume(String name, String size) implements OnVolume {}

  /** Delete a mirror's volume claim (deletionPolicy RemoveMirrors, once its row is removed). */
  record DeleteVolume(String name) implements OnVolume {}
}
