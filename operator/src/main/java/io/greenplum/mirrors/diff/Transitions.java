package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.plan.MirrorLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * The transitions in flight that would leave a content without its mirror, or without its primary,
 * if the operator stopped acting now (suspend, deletion): a move whose old mirror is stopped, a
 * mirror whose pod the operator took down to recover, roll or move it and has not made again, a
 * rebalance that stopped an acting primary. Suspend and deletion wait for these to finish, and
 * begin nothing new meanwhile.
 */
public final class Transitions {
  private Transitions() {}

  /**
   * Why the operator may not stop acting yet, one sentence per content; empty when nothing is in
   * flight.
   *
   * @param wouldMove the moves decided on the same observation
   */
  public static List<String> inFlight(Observation seen, Moves.Step wouldMove) {
    List<String> why = new ArrayList<>(withoutPrimary(seen));
    Integer switching = switching(seen);
    if (wouldMove.current() != null) {
      why.add(
          wouldMove.planned().get(0).describe()
              + ": its mirror at the old place is being taken down for the move ("
              + wouldMove.stage()
              + ")");
    }
    for (Segment row : seen.cluster().mirrors()) {
      if (!missingPod(seen, row)
          || row.role() == Role.PRIMARY
          || Integer.valueOf(row.content()).equals(switching)
          || Integer.valueOf(row.content()).equals(wouldMove.current())) {
        continue;
      }
      if (seen.volume(row.content(), row.dbid(), MirrorLocation.of(row)) == null
          && seen.movedFrom(row) != null) {
        why.add(
            "content "
                + row.content()
                + ": its catalog row has moved to "
                + MirrorLocation.of(row)
                + " and its pod there is not made yet");
      } else if (seen.volume(row.content(), row.dbid()) != null) {
        // A claim without its pod: the pod ran and was taken down. (No claim at all: its pod was
        // never made, as while the first copies wait for maxParallel; nothing is lost by waiting.)
        why.add(
            "content "
                + row.content()
                + ": the pod of dbid "
                + row.dbid()
                + " was taken down (a recovery, a rolling update or a move) and is not made"
                + " again yet");
      }
    }
    return why;
  }

  /**
   * The contents left without a primary if the operator stopped acting now: a rebalance that
   * stopped our acting primary and awaits FTS, or our acting primary's pod missing. Even removing
   * the mirrors waits for these.
   */
  public static List<String> withoutPrimary(Observation seen) {
    List<String> why = new ArrayList<>();
    Integer switching = switching(seen);
    if (switching != null) {
      why.add(
          "content "
              + switching
              + ": a rebalance stopped its acting primary; its mirror is made again once FTS"
              + " promotes the preferred primary");
    }
    for (Segment row : seen.cluster().mirrors()) {
      if (row.role() == Role.PRIMARY
          && missingPod(seen, row)
          && !Integer.valueOf(row.content()).equals(switching)) {
        why.add(
            "content "
                + row.content()
                + ": dbid "
                + row.dbid()
                + " acts as primary and its pod is not running: the content has no primary until"
                + " it is made again");
      }
    }
    return why;
  }

  private static Integer switching(Observation seen) {
    Rebalance.Progress rebalance = seen.rebalance();
    return rebalance != null && rebalance.stage() == Rebalance.Stage.Promoting
        ? rebalance.content()
        : null;
  }

  private static boolean missingPod(Observation seen, Segment row) {
    PodView pod = seen.pods().get(row.content());
    return seen.ours(row) && (pod == null || pod.deleting());
  }

  /** The moves while finishing: the one under way goes on, none is begun. */
  public static Moves.Step finishing(Moves.Step moves) {
    return moves.current() != null ? moves : Moves.Step.none();
  }

  /**
   * The rebalance while finishing: the content in flight is finished, the next one is not begun
   * (the request waits, and goes on once the operator acts again).
   */
  public static Rebalance.Step finishing(Observation seen) {
    Rebalance.Progress before = seen.rebalance();
    if (before == null || !before.stage().inFlight() || before.content() == null) {
      return Rebalance.Step.quiet(before);
    }
    Rebalance.Step step = Rebalance.decide(seen);
    Rebalance.Progress after = step.progress();
    if (after == null || !after.stage().inFlight() || before.content().equals(after.content())) {
      return step;
    }
    return Rebalance.Step.quiet(
        new Rebalance.Progress(
            before.requested(),
            Rebalance.Stage.Waiting,
            null,
            seen.settings().now(),
            after.rebalanced(),
            "content "
                + before.content()
                + " is back in its preferred role; the other contents wait until the MirrorSet"
                + " acts again (it is suspended or being deleted)"));
  }
}
