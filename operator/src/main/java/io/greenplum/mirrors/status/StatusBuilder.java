package io.greenplum.mirrors.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.api.RebalanceStatus;
import io.greenplum.mirrors.diff.Moves;
import io.greenplum.mirrors.diff.Observation;
import io.greenplum.mirrors.diff.Rebalance;
import io.greenplum.mirrors.diff.RollingUpdate;
import io.greenplum.mirrors.diff.VolumeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Derives a MirrorSet's status from one pass's observations: counts, progress, the per-mirror table
 * and the five conditions. Pure; the reconciler writes the result only when it differs from the
 * status the MirrorSet already has.
 */
public final class StatusBuilder {
  private static final Set<MirrorState> UNDER_WAY =
      EnumSet.of(
          MirrorState.Pending,
          MirrorState.Registered,
          MirrorState.CopyingFromPrimary,
          MirrorState.CatchingUp,
          MirrorState.Recovering);
  private static final Set<MirrorState> COPYING =
      EnumSet.of(MirrorState.Pending, MirrorState.Registered, MirrorState.CopyingFromPrimary);
  private static final Set<MirrorState> RUNNING =
      EnumSet.of(
          MirrorState.CatchingUp,
          MirrorState.Synchronized,
          MirrorState.Recovering,
          MirrorState.ActingAsPrimary);

  /**
   * One pass's inputs.
   *
   * @param seen what was observed; null when the catalog could not be read this pass
   * @param findings what stops or degrades the MirrorSet (spec errors, unreachable catalog, ...)
   * @param nodeOfHost the Kubernetes node of a segment host
   * @param previous the status the MirrorSet has now (for transition times), or null
   * @param recoveriesStarted the recoveries this pass started, mode by content
   * @param rebalance this pass's rebalance decision; null when none was made (the status keeps the
   *     rebalance it had)
   */
  public record Input(
      long generation,
      boolean suspended,
      String greenplumVersion,
      Observation seen,
      List<Finding> findings,
      Function<String, String> nodeOfHost,
      MirrorSetStatus previous,
      Instant now,
      Map<Integer, String> recoveriesStarted,
      Rebalance.Step rebalance,
      Moves.Step moves) {

    /** Moves decided here, from {@code seen}. */
    public Input(
        long generation,
        boolean suspended,
        String greenplumVersion,
        Observation seen,
        List<Finding> findings,
        Function<String, String> nodeOfHost,
        MirrorSetStatus previous,
        Instant now,
        Map<Integer, String> recoveriesStarted,
        Rebalance.Step rebalance) {
      this(
          generation,
          suspended,
          greenplumVersion,
          seen,
          findings,
          nodeOfHost,
          previous,
          now,
          recoveriesStarted,
          rebalance,
          null);
    }

    /** A pass that started no recovery. */
    public Input(
        long generation,
        boolean suspended,
        String greenplumVersion,
        Observation seen,
        List<Finding> findings,
        Function<String, String> nodeOfHost,
        MirrorSetStatus previous,
        Instant now) {
      this(
          generation,
          suspended,
          greenplumVersion,
          seen,
          findings,
          nodeOfHost,
          previous,
          now,
          Map.of(),
          null);
    }
  }

  private StatusBuilder() {}

  public static MirrorSetStatus build(Input in) {
    MirrorSetStatus previous = in.previous() == null ? new MirrorSetStatus() : in.previous();
    MirrorSetStatus status = new MirrorSetStatus();
    status.setObservedGeneration(in.generation());
    status.setGreenplumVersion(
        in.greenplumVersion() != null ? in.greenplumVersion() : previous.getGreenplumVersion());
    List<Finding> invalid = in.findings().stream().filter(Finding::specInvalid).toList();
    List<Finding> degraded = in.findings().stream().filter(f -> !f.specInvalid()).toList();
    // Rebuilt from live data whenever the catalog was read; kept only while it cannot be.
    boolean planned = in.seen() != null;
    Moves.Step moves = !planned ? null : in.moves() != null ? in.moves() : Moves.decide(in.seen());
    List<MirrorStatus> rows =
        planned
            ? MirrorRows.rows(
                in.seen(),
                in.nodeOfHost(),
                byContent(previous),
                in.recoveriesStarted(),
                in.now(),
                moves)
            : previous.getMirrors();
    status.setMirrors(new ArrayList<>(rows));
    volumesAndMoves(in, previous, moves, status);
    status.setRebalance(
        in.rebalance() == null ? previous.getRebalance() : rebalance(in.rebalance().progress()));
    boolean moving = moves != null && moves.moving();
    int awaiting = moves != null && moves.awaitingApproval() ? moves.planned().size() : 0;
    int desired =
        in.seen() != null ? in.seen().cluster().primaries().size() : orZero(previous.getDesired());
    List<MirrorState> states = rows.stream().map(r -> MirrorState.valueOf(r.getState())).toList();
    int ready = (int) states.stream().filter(RUNNING::contains).count();
    int synced =
        (int)
            rows.stream().filter(r -> "s".equals(r.getMode()) && "u".equals(r.getStatus())).count();
    status.setDesired(desired);
    status.setReady(ready);
    status.setSynchronizedCount(synced);
    int percents = rows.stream().mapToInt(r -> orZero(r.getPercent())).sum();
    status.setProgress(
        desired > 0 && synced == desired
            ? 100
            : desired == 0 ? 0 : Math.min(99, percents / desired));
    List<Finding> troubles = new ArrayList<>(degraded);
    if (planned) {
      troubles.addAll(mirrorTroubles(rows));
      if (in.rebalance() != null) {
        rebalanceStalled(in.rebalance().progress(), in.seen(), in.now()).ifPresent(troubles::add);
      }
    }
    boolean rebalancing =
        status.getRebalance() != null
            && ("Promoting".equals(status.getRebalance().getStage())
                || "Rewinding".equals(status.getRebalance().getStage()));
    boolean underWay =
        invalid.isEmpty()
            && degraded.isEmpty()
            && (rebalancing || moving || states.stream().anyMatch(UNDER_WAY::contains));
    status.setConditions(
        conditions(
            in,
            previous.getConditions(),
            invalid,
            troubles,
            desired,
            ready,
            synced,
            states,
            underWay,
            rebalancing,
            moving ? moves : null,
            awaiting));
    upToDate(in, previous.getConditions()).ifPresent(status.getConditions()::add);
    String phase = phase(in, invalid, troubles, desired, synced, states);
    status.setPhase(
        moving && invalid.isEmpty() && troubles.isEmpty() && !in.suspended()
            ? "Moving"
            : awaiting > 0 && phase.equals("Synchronized") ? "AwaitingApproval" : phase);
    return status;
  }

  /**
   * Stale volume claims and the moves still to do; kept as they were while the catalog is unread.
   */
  private static void volumesAndMoves(
      Input in, MirrorSetStatus previous, Moves.Step moves, MirrorSetStatus status) {
    List<String> stale =
        in.seen() == null
            ? previous.getStaleVolumes()
            : in.seen().staleVolumes().stream().map(VolumeView::name).sorted().toList();
    status.setStaleVolumes(stale == null || stale.isEmpty() ? null : stale);
    List<String> toMove =
        moves == null
            ? previous.getMoves()
            : moves.planned().stream().map(m -> listed(in.seen(), m)).toList();
    status.setMoves(toMove == null || toMove.isEmpty() ? null : toMove);
  }

  /**
   * A move as status.moves lists it: where from, where to, and what it would copy. A full copy is
   * about the size of the last copy made on the mirror's volume (pg_basebackup's total, recorded on
   * the claim), which is what a DBA weighs before approving it.
   */
  static String listed(Observation seen, Moves.Move move) {
    if (move.keepsDirectory()) {
      return move.describe() + " (only the port changes: nothing copied)";
    }
    VolumeView volume = seen.volume(move.content(), move.dbid(), move.from());
    Long kb = volume == null ? null : volume.copiedKb();
    return move.describe()
        + (kb == null
            ? " (a full copy; its size is not known: no copy made on its volume was measured)"
            : " (a full copy of about " + size(kb) + ", its last copy's size)");
  }

  /** kB as a DBA reads a size: "28.5 MiB", "1.2 GiB". */
  static String size(long kb) {
    if (kb < 1024) {
      return kb + " kB";
    }
    double mib = kb / 1024.0;
    return mib < 1024
        ? String.format(java.util.Locale.ROOT, "%.1f MiB", mib)
        : String.format(java.util.Locale.ROOT, "%.1f GiB", mib / 1024);
  }

  /**
   * UpToDate: whether every mirror pod runs the current template, else the rolling update's
   * progress ("3 of 16 updated"), what is pending and why it waits. Kept as it was while the
   * catalog cannot be read.
   */
  private static java.util.Optional<Condition> upToDate(Input in, List<Condition> before) {
    if (in.seen() == null || in.seen().settings().templateHash() == null) {
      return java.util.Optional.ofNullable(Conditions.find(before, Conditions.UP_TO_DATE));
    }
    RollingUpdate.Progress p = RollingUpdate.progress(in.seen());
    long gen = in.generation();
    if (p.done()) {
      return java.util.Optional.of(
          Conditions.condition(
              Conditions.UP_TO_DATE,
              true,
              "UpToDate",
              "all " + p.total() + " mirror pods run the current template",
              gen,
              before,
              in.now()));
    }
    return java.util.Optional.of(
        Conditions.condition(
            Conditions.UP_TO_DATE,
            false,
            "RollingUpdate",
            p.updated()
                + " of "
                + p.total()
                + " updated; pending: "
                + String.join(", ", p.pending())
                + (p.paused() == null ? "" : "; " + p.paused()),
            gen,
            before,
            in.now()));
  }

  private static List<Condition> conditions(
      Input in,
      List<Condition> before,
      List<Finding> invalid,
      List<Finding> troubles,
      int desired,
      int ready,
      int synced,
      List<MirrorState> states,
      boolean underWay,
      boolean rebalancing,
      Moves.Step moves,
      int awaitingApproval) {
    long gen = in.generation();
    Instant now = in.now();
    List<Condition> list = new ArrayList<>();
    list.add(
        invalid.isEmpty()
            ? Conditions.condition(
                Conditions.SPEC_VALID,
                true,
                "Valid",
                "the spec plans " + desired + " mirrors",
                gen,
                before,
                now)
            : Conditions.condition(
                Conditions.SPEC_VALID,
                false,
                invalid.get(0).reason(),
                specMessage(invalid),
                gen,
                before,
                now));
    boolean allReady = desired > 0 && ready == desired;
    list.add(
        Conditions.condition(
            Conditions.READY,
            allReady,
            allReady ? "AllMirrorsRunning" : "MirrorsNotRunning",
            ready + " of " + desired + " mirrors run",
            gen,
            before,
            now));
    boolean allSynced = desired > 0 && synced == desired;
    list.add(
        Conditions.condition(
            Conditions.SYNCHRONIZED,
            allSynced,
            allSynced ? "AllMirrorsSynchronized" : "NotSynchronized",
            synced + " of " + desired + " mirrors are in sync with their primary",
            gen,
            before,
            now));
    String stage =
        moves != null
            ? "Moving"
            : rebalancing && states.stream().noneMatch(UNDER_WAY::contains)
                ? "Rebalancing"
                : stage(states);
    boolean checking =
        stage.equals("Registering") && in.seen() != null && !in.seen().preflight().isEmpty();
    list.add(
        Conditions.condition(
            Conditions.PROGRESSING,
            underWay,
            underWay ? (checking ? "Preflight" : stage) : idle(awaitingApproval),
            underWay ? progressing(stage, checking, moves) : idleMessage(awaitingApproval, gen),
            gen,
            before,
            now));
    list.add(
        troubles.isEmpty()
            ? Conditions.condition(
                Conditions.DEGRADED, false, "AsExpected", "no problem found", gen, before, now)
            : Conditions.condition(
                Conditions.DEGRADED,
                true,
                troubles.get(0).reason(),
                messages(troubles),
                gen,
                before,
                now));
    return list;
  }

  private static String idle(int awaitingApproval) {
    return awaitingApproval > 0 ? "AwaitingMoveApproval" : "Idle";
  }

  private static String idleMessage(int awaitingApproval, long generation) {
    return awaitingApproval == 0
        ? "nothing in progress"
        : awaitingApproval
            + (awaitingApproval == 1 ? " move (status.moves) waits" : " moves (status.moves) wait")
            + " for approval (moveApproval Manual): kubectl annotate mirrorset <name> "
            + MirrorSet.APPROVE_MOVES_ANNOTATION
            + "="
            + generation
            + " --overwrite";
  }

  private static String progressing(String stage, boolean checking, Moves.Step moves) {
    if (checking) {
      return "adding mirrors: checking that every mirror host can copy from its primaries"
          + " (preflight pods) before registering them";
    }
    if (moves != null) {
      return "moving mirrors one at a time ("
          + moves.planned().size()
          + " to move): "
          + (moves.planned().isEmpty() ? "" : moves.planned().get(0).describe())
          + (moves.stage() == null ? "" : " (" + moves.stage() + ")");
    }
    return stage.equals("Rebalancing")
        ? "switching contents back to their preferred roles (status.rebalance)"
        : "adding mirrors: " + stage;
  }

  private static String phase(
      Input in,
      List<Finding> invalid,
      List<Finding> troubles,
      int desired,
      int synced,
      List<MirrorState> states) {
    if (!invalid.isEmpty()) {
      return "Invalid";
    }
    if (in.suspended()) {
      return "Suspended";
    }
    if (!troubles.isEmpty()) {
      return "Degraded";
    }
    if (desired > 0 && synced == desired) {
      return "Synchronized";
    }
    if (states.isEmpty() || states.stream().allMatch(s -> s == MirrorState.Pending)) {
      return "Pending";
    }
    return states.stream().anyMatch(COPYING::contains) ? "Provisioning" : "Synchronizing";
  }

  private static String stage(List<MirrorState> states) {
    if (states.contains(MirrorState.Pending)) {
      return "Registering";
    }
    if (states.contains(MirrorState.Registered)
        || states.contains(MirrorState.CopyingFromPrimary)) {
      return "Copying";
    }
    return states.contains(MirrorState.Recovering) ? "Recovering" : "CatchingUp";
  }

  private static RebalanceStatus rebalance(Rebalance.Progress p) {
    if (p == null) {
      return null;
    }
    RebalanceStatus r = new RebalanceStatus();
    r.setRequested(p.requested());
    r.setStage(p.stage().name());
    r.setContent(p.content());
    r.setSince(p.since() == null ? null : p.since().toString());
    r.setRebalanced(new ArrayList<>(p.rebalanced()));
    r.setMessage(p.message());
    return r;
  }

  /**
   * A rebalance that has waited longer than recovery.stallTimeout for what it needs (every pair in
   * sync, the acting primary's pod running, a rewind it could do) needs a person: Degraded.
   */
  static java.util.Optional<Finding> rebalanceStalled(
      Rebalance.Progress p, Observation seen, Instant now) {
    if (p == null || p.stage() != Rebalance.Stage.Waiting || p.since() == null) {
      return java.util.Optional.empty();
    }
    java.time.Duration waited = java.time.Duration.between(p.since(), now);
    if (waited.compareTo(seen.settings().recovery().stallTimeout()) < 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        Finding.degraded(
            "RebalanceStalled",
            "the rebalance asked for by "
                + MirrorSet.REBALANCE_ANNOTATION
                + "="
                + p.requested()
                + " has waited "
                + waited.toSeconds()
                + " s (longer than recovery.stallTimeout): "
                + p.message()));
  }

  private static List<Finding> mirrorTroubles(List<MirrorStatus> rows) {
    List<Finding> troubles = new ArrayList<>();
    List<MirrorStatus> down =
        rows.stream().filter(r -> MirrorState.Down.name().equals(r.getState())).toList();
    List<MirrorStatus> ours = down.stream().filter(r -> r.getExternal() == null).toList();
    List<MirrorStatus> external = down.stream().filter(r -> r.getExternal() != null).toList();
    if (!ours.isEmpty()) {
      troubles.add(Finding.degraded("MirrorDown", downMessage(ours, "do not run")));
    }
    if (!external.isEmpty()) {
      troubles.add(Finding.degraded("ExternalMirrorDown", downMessage(external, "are down")));
    }
    List<MirrorStatus> stalled =
        rows.stream().filter(r -> MirrorState.Stalled.name().equals(r.getState())).toList();
    if (!stalled.isEmpty()) {
      troubles.add(Finding.degraded("MirrorStalled", downMessage(stalled, "make no progress")));
    }
    List<Integer> switched = contentsIn(rows, MirrorState.ActingAsPrimary);
    if (!switched.isEmpty()) {
      troubles.add(
          Finding.degraded(
              "RolesSwitched",
              "the mirror(s) of content(s) " + switched + " act as primary after a failover"));
    }
    return troubles;
  }

  private static String downMessage(List<MirrorStatus> rows, String what) {
    return "the mirror(s) of content(s) "
        + rows.stream().map(MirrorStatus::getContent).toList()
        + " "
        + what
        + ": "
        + rows.stream().map(MirrorStatus::getMessage).collect(Collectors.joining("; "));
  }

  private static List<Integer> contentsIn(List<MirrorStatus> rows, MirrorState state) {
    return rows.stream()
        .filter(r -> state.name().equals(r.getState()))
        .map(MirrorStatus::getContent)
        .toList();
  }

  private static Map<Integer, MirrorStatus> byContent(MirrorSetStatus previous) {
    Map<Integer, MirrorStatus> rows = new TreeMap<>();
    previous.getMirrors().forEach(m -> rows.put(m.getContent(), m));
    return rows;
  }

  /** At most this many messages in a condition: 1,000 failed pods make one readable line. */
  static final int MAX_MESSAGES = 5;

  /** What is wrong with the spec, and (never cut off) what that holds back. */
  private static String specMessage(List<Finding> invalid) {
    List<Finding> wrong =
        invalid.stream().filter(f -> !Findings.CHANGES_HELD.equals(f.reason())).toList();
    String held =
        invalid.stream()
            .filter(f -> Findings.CHANGES_HELD.equals(f.reason()))
            .map(f -> "; " + f.message())
            .collect(Collectors.joining());
    return (wrong.isEmpty() ? "" : messages(wrong)) + held;
  }

  static String messages(List<Finding> findings) {
    String shown =
        findings.stream()
            .limit(MAX_MESSAGES)
            .map(Finding::message)
            .collect(Collectors.joining("; "));
    return capped(
        findings.size() <= MAX_MESSAGES
            ? shown
            : shown + "; and " + (findings.size() - MAX_MESSAGES) + " more like these");
  }

  /** A condition message is never longer than this (a status of 1,000 mirrors stays small). */
  static final int MAX_MESSAGE_CHARS = 2048;

  private static String capped(String message) {
    return message.length() <= MAX_MESSAGE_CHARS
        ? message
        : message.substring(0, MAX_MESSAGE_CHARS - 40)
            + " ... ("
            + (message.length() - MAX_MESSAGE_CHARS + 40)
            + " more characters)";
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
