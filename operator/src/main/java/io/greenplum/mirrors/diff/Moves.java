package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moving mirrors whose place the MirrorSet changed (placement, ports, dataDirectories), the way
 * gpmovemirrors and gprecoverseg do it (DESIGN.md "Moving a mirror"), one content at a time:
 *
 * <ol>
 *   <li>only while every pair of the MirrorSet is s/u, its pods run and its mirrors stream: the old
 *       volume claim is marked {@code moving-to} (this makes the move resumable), then the old pod
 *       is deleted (fast shutdown) and not made again; FTS marks the mirror down (the FTS timer
 *       asks for a probe after the grace period);
 *   <li>once it is m/d: one catalog transaction, gp_remove_segment_mirror and gp_add_segment with
 *       the same dbid at the new place (the content never lacks a mirror row);
 *   <li>the new place's claim and pod are made as for any registered mirror without them (a base
 *       backup, one copy), streaming, probe, s/u; a move that changes only the port (same host,
 *       same directory) makes no claim: the pod starts on the old one, nothing copied;
 *   <li>then the old claim is deleted, or kept and retired (deletionPolicy Retain, listed in
 *       status.staleVolumes).
 * </ol>
 *
 * Everything is read back from the catalog, the pods' and the claims' annotations each pass, so a
 * restarted operator goes on where it stopped. Mirrors that are not the operator's (gpaddmirrors)
 * are never moved: the MirrorSet is in Conflict, and no move starts. A move whose new place another
 * instance still holds waits for that one to move away first; one under way whose new place an edit
 * made one that is held is called off (its mirror is started again where the catalog has it).
 */
public final class Moves {
  private Moves() {}

  /** One mirror to move. */
  public record Move(int content, int dbid, MirrorLocation from, MirrorLocation to) {
    /** "content 5: sdw2:7001 /data/m/gpseg5 -> sdw5:7000 /data/m/gpseg5". */
    public String describe() {
      return "content " + content + ": " + from + " -> " + to;
    }

    /** Only the port changes: the mirror starts again on its volume, nothing is copied. */
    public boolean keepsDirectory() {
      return from.onlyPortDiffers(to);
    }
  }

  /**
   * This pass's decision.
   *
   * @param planned every move still to do; the current one first
   * @param current the content whose mirror is being taken down to move (its pod is neither made
   *     again nor recovered at the old place), or null
   * @param stage what the current move (or the next) waits for, or null
   * @param refused differences from the plan that no move can make (mirrors not the operator's)
   * @param blocked no move can start: every one's new place is held by another instance
   * @param preflight the check the next move's new host runs before its mirror is stopped, or null
   * @param preflightProblems what that check found wrong (the move waits)
   * @param awaitingApproval the planned moves wait for spec.moveApproval's annotation
   */
  public record Step(
      List<Move> planned,
      Integer current,
      List<Action> actions,
      String stage,
      List<String> refused,
      boolean blocked,
      Preflights.Target preflight,
      List<String> preflightProblems,
      boolean awaitingApproval) {
    public Step {
      planned = List.copyOf(planned);
      actions = List.copyOf(actions);
      refused = List.copyOf(refused);
      preflightProblems = List.copyOf(preflightProblems);
    }

    Step(
        List<Move> planned,
        Integer current,
        List<Action> actions,
        String stage,
        List<String> refused,
        boolean blocked) {
      this(planned, current, actions, stage, refused, blocked, null, List.of(), false);
    }

    /** No move: none planned, none under way. */
    public static Step none() {
      return new Step(List.of(), null, List.of(), null, List.of(), false);
    }

    /** The preflight pod is the one the next move needs (kept; every other one goes). */
    public boolean keeps(PreflightView pod) {
      return preflight != null && preflight.checkedBy(pod);
    }

    /** A move is under way or can start: no rolling update meanwhile. */
    public boolean moving() {
      return current != null
          || (!planned.isEmpty() && refused.isEmpty() && !blocked && !awaitingApproval);
    }
  }

  public static Step decide(Observation seen) {
    if (!seen.plan().isValid() || seen.cluster().mirrors().isEmpty()) {
      return Step.none();
    }
    List<String> refused = new ArrayList<>();
    List<Move> planned = planned(seen, refused);
    List<Action> actions = new ArrayList<>(finishMoved(seen));
    Step underWay = underWay(seen, planned, actions, refused);
    if (underWay != null) {
      return underWay;
    }
    if (planned.isEmpty() || !refused.isEmpty()) {
      return new Step(planned, null, actions, null, refused, false);
    }
    return start(seen, planned, actions);
  }

  /** The content whose move would start now (see {@link #next}), for the rule of disruption. */
  static Integer wants(Observation seen) {
    if (!seen.plan().isValid() || seen.cluster().mirrors().isEmpty()) {
      return null;
    }
    List<String> refused = new ArrayList<>();
    List<Move> planned = planned(seen, refused);
    Move next = refused.isEmpty() && seen.settings().movesApproved() ? next(seen, planned) : null;
    return next == null ? null : next.content();
  }

  /**
   * The move to start now: the first whose new place is free; or, when each waits for a place
   * another planned move would free (a cycle: Group to Spread on as many hosts as before), the
   * first of those by way of a spare port on its new host (it is copied twice; a DBA with
   * gpmovemirrors would do the same), which frees its place for the rest of the cycle. Null: none
   * can start.
   */
  private static Move next(Observation seen, List<Move> planned) {
    for (Move move : planned) {
      if (whyNot(seen, move) == null) {
        return move;
      }
    }
    Set<Integer> moving = new HashSet<>();
    planned.forEach(m -> moving.add(m.dbid()));
    for (Move move : planned) {
      Segment holder = holder(seen, move);
      Segment row = seen.cluster().mirrorsByContent().get(move.content());
      if (holder == null
          || !moving.contains(holder.dbid())
          || row.role() != Role.MIRROR
          || seen.volume(move.content(), move.dbid(), move.from()) == null) {
        continue;
      }
      Move detour = new Move(move.content(), move.dbid(), move.from(), sparePlace(seen, move.to()));
      if (holder(seen, detour) == null) {
        return detour;
      }
    }
    return null;
  }

  /** {@code to} on a port above every one its host has or is planned to have. */
  private static MirrorLocation sparePlace(Observation seen, MirrorLocation to) {
    int highest = to.port();
    for (Segment s : seen.cluster().segments()) {
      if (s.hostname().equals(to.hostname())) {
        highest = Math.max(highest, s.port());
      }
    }
    for (PlannedMirror p : seen.plan().plan().sortedByContent()) {
      if (p.hostname().equals(to.hostname())) {
        highest = Math.max(highest, p.port());
      }
    }
    return new MirrorLocation(to.hostname(), to.address(), highest + 1, to.dataDirectory());
  }

  /**
   * The moves the plan asks for, by content; differences no move can make go to {@code refused}.
   */
  private static List<Move> planned(Observation seen, List<String> refused) {
    Map<Integer, Segment> rows = seen.cluster().mirrorsByContent();
    List<Move> planned = new ArrayList<>();
    for (PlannedMirror p : seen.plan().plan().sortedByContent()) {
      Segment row = rows.get(p.content());
      if (row == null) {
        continue;
      }
      MirrorLocation to = MirrorLocation.of(p);
      MirrorLocation from = where(row, to);
      if (from.equals(to)) {
        continue;
      }
      if (!seen.ours(row)) {
        refused.add(
            "content "
                + p.content()
                + ": its mirror at "
                + from
                + " (the MirrorSet places it at "
                + to
                + ") was not made by this operator (gpaddmirrors?) and is never moved by it;"
                + " move it with gpmovemirrors, or set the MirrorSet's placement to where it is");
      } else {
        planned.add(new Move(row.content(), row.dbid(), from, to));
      }
    }
    return planned;
  }

  /**
   * Where the catalog has the mirror, with the planned directory when the catalog has none (4.3/5
   * without a filespace entry): what ExistingMirrorComparison calls equal is equal here too.
   */
  private static MirrorLocation where(Segment row, MirrorLocation planned) {
    MirrorLocation at = MirrorLocation.of(row);
    return at.dataDirectory() == null
        ? new MirrorLocation(at.hostname(), at.address(), at.port(), planned.dataDirectory())
        : at;
  }

  /**
   * The claims the catalog's mirror moved away from: retired or deleted once the mirror is s/u at
   * its new place, never before (the old directory is the last copy until the new one streams).
   */
  private static List<Action> finishMoved(Observation seen) {
    List<Action> actions = new ArrayList<>();
    Map<Integer, Segment> rows = seen.cluster().mirrorsByContent();
    for (VolumeView v : seen.volumes()) {
      Segment row = rows.get(v.content());
      if (v.deleting()
          || v.retired()
          || row == null
          || row.dbid() != v.dbid()
          || v.location() == null
          || v.location().equals(MirrorLocation.of(row).key())) {
        continue;
      }
      PodView pod = seen.pods().get(v.content());
      boolean settled =
          row.role() == Role.MIRROR
              && row.mode() == SegmentMode.SYNCHRONIZED
              && row.status() == SegmentStatus.UP
              && pod != null
              && pod.isRunning()
              && MirrorLocation.of(row).key().equals(pod.location());
      if (!settled) {
        continue;
      }
      String event =
          "the mirror of content "
              + v.content()
              + " (dbid "
              + v.dbid()
              + ") is in sync at "
              + MirrorLocation.of(row);
      if (v.keepsDirectory() && v.holds(MirrorLocation.of(row).key())) {
        // Only its port changed: the claim is the mirror's, now at its new place.
        Map<String, String> moved = new HashMap<>();
        moved.put(Annotations.LOCATION, MirrorLocation.of(row).key());
        moved.put(Annotations.MOVING_TO, null);
        actions.add(
            new Action.AnnotateVolume(
                v.name(),
                moved,
                "MirrorMoved",
                event + ", started on its volume claim " + v.name() + ": nothing copied"));
      } else if (seen.settings().retainVolumes()) {
        Map<String, String> retire = new HashMap<>();
        retire.put(Annotations.RETIRED, seen.settings().now().toString());
        retire.put(Annotations.MOVING_TO, null);
        actions.add(
            new Action.AnnotateVolume(
                v.name(),
                retire,
                "MirrorMoved",
                event + "; its old volume claim " + v.name() + " is kept"));
      } else {
        actions.add(new Action.Notice("MirrorMoved", event));
        actions.add(new Action.DeleteVolume(v.name()));
      }
    }
    return actions;
  }

  /** The move whose old claim is marked and whose catalog row has not moved yet, if any. */
  private static Step underWay(
      Observation seen, List<Move> planned, List<Action> actions, List<String> refused) {
    Map<Integer, Segment> rows = seen.cluster().mirrorsByContent();
    for (VolumeView v : seen.volumes()) {
      Segment row = rows.get(v.content());
      if (v.movingTo() == null
          || v.deleting()
          || v.retired()
          || row == null
          || row.dbid() != v.dbid()
          || !MirrorLocation.of(row).key().equals(v.location())) {
        continue;
      }
      Move move = planned.stream().filter(m -> m.content() == v.content()).findFirst().orElse(null);
      Segment holder = move == null ? null : holder(seen, move);
      MirrorLocation marked = MirrorLocation.parse(v.movingTo());
      if (holder != null
          && marked != null
          && marked.port() != move.to().port()
          && marked.hostname().equals(move.to().hostname())
          && java.util.Objects.equals(marked.dataDirectory(), move.to().dataDirectory())) {
        // A detour (a cycle of moves broken at a spare port) goes on to its spare place.
        Move detour = new Move(move.content(), move.dbid(), move.from(), marked);
        if (holder(seen, detour) == null) {
          move = detour;
          holder = null;
        }
      }
      boolean unapproved =
          move != null && !seen.settings().movesApproved() && !move.to().equals(marked);
      if (move == null || holder != null || unapproved) {
        // Planned again from where the cluster is now: its catalog row has not moved, so its
        // directory is still the content's mirror; it is started there again, and a move whose
        // new place is held (by a mirror that moves itself) waits its turn instead of the stop.
        Map<String, String> off = new HashMap<>();
        off.put(Annotations.MOVING_TO, null);
        actions.add(
            new Action.AnnotateVolume(
                v.name(), off, "MirrorMoveCalledOff", calledOff(v.content(), move, holder)));
        return new Step(planned, null, actions, null, refused, false);
      }
      Move current = move;
      List<Move> ordered = new ArrayList<>(List.of(current));
      planned.stream().filter(m -> m.content() != current.content()).forEach(ordered::add);
      if (row.role() != Role.MIRROR) {
        // FTS promoted it after the move was marked: an acting primary is never stopped for a
        // move; it runs as it is and the move goes on after a rebalance.
        return new Step(
            ordered,
            null,
            actions,
            "waiting: it acts as primary since the move was marked (after a rebalance)",
            refused,
            false);
      }
      String stage = stage(seen, row, move);
      return new Step(
          ordered, move.content(), takeDown(seen, row, move, actions), stage, refused, false);
    }
    return null;
  }

  /** Why the move of {@code content} under way is called off (no move, its place held, or new). */
  private static String calledOff(int content, Move move, Segment holder) {
    if (move == null) {
      return "the MirrorSet places the mirror of content "
          + content
          + " where it is again; it is started there";
    }
    String now = "the MirrorSet now places the mirror of content " + content + " at " + move.to();
    return holder != null
        ? now
            + ", held by dbid "
            + holder.dbid()
            + ": it is started again where it is and moved once that place is free"
        : now + ", a move not approved yet (moveApproval Manual): it is started again where it is";
  }

  /** The current move's next act: stop the old pod, wait for FTS, or move the catalog row. */
  private static List<Action> takeDown(
      Observation seen, Segment row, Move move, List<Action> actions) {
    PodView pod = seen.pods().get(move.content());
    if (pod != null && !pod.deleting()) {
      actions.add(new Action.StopMirror(move.content(), pod.name()));
    } else if (pod == null && row.status() == SegmentStatus.DOWN) {
      actions.add(new Action.MoveMirror(move));
    }
    return actions;
  }

  private static String stage(Observation seen, Segment row, Move move) {
    PodView pod = seen.pods().get(move.content());
    if (pod != null) {
      return "stopping its mirror at " + move.from();
    }
    return row.status() != SegmentStatus.DOWN
        ? "waiting for FTS to mark it down"
        : "moving its catalog row";
  }

  /** Another instance at the move's new place (same host and port, or same directory). */
  private static Segment holder(Observation seen, Move move) {
    return seen.cluster().segments().stream()
        .filter(s -> s.dbid() != move.dbid() && MirrorLocation.of(s).overlaps(move.to()))
        .findFirst()
        .orElse(null);
  }

  /**
   * The next move's new host is checked first (a preflight pod: the image, a replication connection
   * to the primary it will copy from), as before registering mirrors: the old mirror is stopped
   * only once the new place can copy. Then its old claim is marked and the preflight pod goes.
   */
  private static Step checkThenStart(
      Observation seen,
      List<Move> ordered,
      VolumeView volume,
      List<Action> actions,
      String waiting) {
    Move move = ordered.get(0);
    if (move.keepsDirectory()) {
      // Same host, same directory: nothing to check that the running mirror has not just shown.
      if (waiting != null) {
        return new Step(ordered, null, actions, waiting, List.of(), false);
      }
      actions.add(mark(move, volume));
      return new Step(ordered, null, actions, "starting", List.of(), false);
    }
    Segment row = seen.cluster().mirrorsByContent().get(move.content());
    Preflights.Target target =
        Preflights.target(
            move.to().hostname(),
            List.of(seen.copySource(row)),
            seen.settings().image(),
            seen.settings().user());
    PreflightView pod =
        seen.preflight().stream().filter(target::checkedBy).findFirst().orElse(null);
    String checking =
        (waiting == null ? "" : waiting + "; ")
            + "checking that "
            + move.to().hostname()
            + " can copy from its primary (preflight pod)";
    if (pod == null) {
      if (seen.preflight().stream().noneMatch(p -> p.host().equals(target.host()))) {
        actions.add(new Action.CreatePreflight(target.host(), target.primaries(), target.checks()));
      }
      return new Step(ordered, null, actions, checking, List.of(), false, target, List.of(), false);
    }
    List<String> problems = Preflights.problems(seen, target, pod);
    if (!pod.finished() || !problems.isEmpty()) {
      if (pod.finished() && Preflights.retryDue(seen, List.of(pod))) {
        actions.add(new Action.DeletePreflight(pod.name()));
      }
      String stage = problems.isEmpty() ? checking : "waiting: " + String.join("; ", problems);
      return new Step(ordered, null, actions, stage, List.of(), false, target, problems, false);
    }
    if (waiting != null) {
      // The check passed; the move starts once every pair is in sync again (the pod is kept).
      return new Step(ordered, null, actions, waiting, List.of(), false, target, List.of(), false);
    }
    actions.add(mark(move, volume));
    actions.add(new Action.DeletePreflight(pod.name()));
    return new Step(ordered, null, actions, "starting", List.of(), false);
  }

  /** Marks the old claim {@code moving-to}: the move has started (and resumes from there). */
  private static Action mark(Move move, VolumeView volume) {
    Map<String, String> marks = new HashMap<>();
    marks.put(Annotations.MOVING_TO, move.to().key());
    marks.put(Annotations.LOCATION, move.from().key());
    return new Action.AnnotateVolume(
        volume.name(),
        marks,
        "MirrorMoveStarted",
        "moving the mirror of "
            + move.describe()
            + " (stop, FTS marks it down, catalog row moved, "
            + (move.keepsDirectory()
                ? "started again on the same volume: only its port changes, nothing copied)"
                : "copied at the new place)"));
  }

  /**
   * Starts the first move whose new place is free, when the rule of disruption gives moves the
   * turn; its new host's check runs meanwhile.
   */
  private static Step start(Observation seen, List<Move> planned, List<Action> actions) {
    if (!seen.settings().movesApproved()) {
      return new Step(
          planned,
          null,
          actions,
          "waiting for approval (moveApproval Manual)",
          List.of(),
          false,
          null,
          List.of(),
          true);
    }
    Disruption.Turn turn = Disruption.decide(seen);
    String waiting =
        !turn.allows(Disruption.Kind.MOVE)
            ? turn.waiting()
            : actions.isEmpty() ? null : "waiting: the previous move is being finished";
    Move next = next(seen, planned);
    if (next != null) {
      List<Move> ordered = new ArrayList<>(List.of(next));
      planned.stream().filter(m -> m.content() != next.content()).forEach(ordered::add);
      return checkThenStart(
          seen, ordered, seen.volume(next.content(), next.dbid(), next.from()), actions, waiting);
    }
    List<String> waits = new ArrayList<>();
    boolean actingPrimary = false;
    for (Move move : planned) {
      actingPrimary |= seen.cluster().mirrorsByContent().get(move.content()).role() != Role.MIRROR;
      waits.add(whyNot(seen, move));
    }
    return new Step(planned, null, actions, String.join("; ", waits), List.of(), !actingPrimary);
  }

  /** Why this move cannot start whatever the other contents do, or null. */
  private static String whyNot(Observation seen, Move move) {
    Segment row = seen.cluster().mirrorsByContent().get(move.content());
    Segment holder = holder(seen, move);
    if (row.role() != Role.MIRROR) {
      return "content " + move.content() + " acts as primary: after a rebalance";
    }
    if (holder != null) {
      return "content "
          + move.content()
          + " waits for dbid "
          + holder.dbid()
          + " to leave "
          + move.to();
    }
    if (seen.volume(move.content(), move.dbid(), move.from()) == null) {
      return "content " + move.content() + " has no volume claim at " + move.from();
    }
    return null;
  }
}
