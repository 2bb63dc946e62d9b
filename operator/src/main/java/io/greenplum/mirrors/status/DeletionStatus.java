package io.greenplum.mirrors.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.diff.MirrorRemoval;
import io.greenplum.mirrors.diff.MirrorRemoval.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The status of a MirrorSet whose mirrors deletionPolicy RemoveMirrors is removing: phase Deleting,
 * the usual counts and rows, and one condition per step. The conditions are also the record the
 * next pass resumes from: when every mirror pod was seen stopped (the grace period counts from
 * there), whether the rows were removed and the slots dropped.
 */
public final class DeletionStatus {
  public static final String PODS_STOPPED = "MirrorPodsStopped";
  public static final String MARKED_DOWN = "MirrorsMarkedDown";
  public static final String ROWS_REMOVED = "MirrorRowsRemoved";
  public static final String SLOTS_DROPPED = "ReplicationSlotsDropped";
  public static final String VOLUMES_DELETED = "VolumesDeleted";

  /** The step conditions, in the order of the stages they close. */
  private static final List<String> STEPS =
      List.of(PODS_STOPPED, MARKED_DOWN, ROWS_REMOVED, SLOTS_DROPPED, VOLUMES_DELETED);

  private DeletionStatus() {}

  /** What earlier passes recorded in {@code previous}. */
  public static MirrorRemoval.Progress progress(MirrorSetStatus previous) {
    List<Condition> conditions = previous == null ? List.of() : previous.getConditions();
    Condition stopped = Conditions.find(conditions, PODS_STOPPED);
    Instant stoppedAt =
        stopped != null && "True".equals(stopped.getStatus())
            ? Instant.parse(stopped.getLastTransitionTime())
            : null;
    return new MirrorRemoval.Progress(
        stoppedAt, isTrue(conditions, ROWS_REMOVED), isTrue(conditions, SLOTS_DROPPED));
  }

  /**
   * The status after a pass of the removal.
   *
   * @param reached the stage the removal stands at after this pass's actions
   * @param message what it does or waits for
   */
  public static MirrorSetStatus build(StatusBuilder.Input in, Stage reached, String message) {
    MirrorSetStatus status = StatusBuilder.build(in);
    status.setPhase("Deleting");
    status.getMirrors().removeIf(m -> m.getDbid() == null);
    List<Condition> before = in.previous() == null ? List.of() : in.previous().getConditions();
    List<Condition> conditions = new ArrayList<>();
    // Whatever keeps the removal from going on, a spec problem (a missing Secret) included.
    List<Finding> troubles = in.findings();
    for (Condition c : status.getConditions()) {
      if (Conditions.PROGRESSING.equals(c.getType())) {
        conditions.add(
            Conditions.condition(
                Conditions.PROGRESSING,
                true,
                reached.name(),
                "removing the mirrors (deletionPolicy RemoveMirrors): " + message,
                in.generation(),
                before,
                in.now()));
      } else if (Conditions.DEGRADED.equals(c.getType())) {
        // Stopped mirrors are the point here: only what stops the removal degrades it.
        conditions.add(
            troubles.isEmpty()
                ? Conditions.condition(
                    Conditions.DEGRADED,
                    false,
                    "AsExpected",
                    "no problem found",
                    in.generation(),
                    before,
                    in.now())
                : Conditions.condition(
                    Conditions.DEGRADED,
                    true,
                    troubles.get(0).reason(),
                    troubles.stream()
                        .map(Finding::message)
                        .collect(java.util.stream.Collectors.joining("; ")),
                    in.generation(),
                    before,
                    in.now()));
      } else {
        conditions.add(c);
      }
    }
    for (int i = 0; i < STEPS.size(); i++) {
      boolean done = reached.ordinal() > i;
      conditions.add(
          Conditions.condition(
              STEPS.get(i),
              done,
              done ? "Done" : reached.ordinal() == i ? reached.name() : "NotYet",
              done ? "done" : reached.ordinal() == i ? message : "after the steps before it",
              in.generation(),
              before,
              in.now()));
    }
    status.setConditions(conditions);
    return status;
  }

  private static boolean isTrue(List<Condition> conditions, String type) {
    Condition c = Conditions.find(conditions, type);
    return c != null && "True".equals(c.getStatus());
  }
}
