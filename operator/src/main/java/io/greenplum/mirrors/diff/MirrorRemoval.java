package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.ExistingMirrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Removing a MirrorSet's mirrors safely (deletionPolicy RemoveMirrors), as DESIGN.md "Removing
 * mirrors safely" and the real cluster (operator-steps-on-real-cluster.txt, step 9) say: stop every
 * mirror; once the grace period has passed, ask FTS to probe until every mirror is marked down;
 * remove every mirror row in one transaction; drop the primaries' replication slots; delete the
 * volumes. One stage per pass, each decided from what is observed now and what the status recorded,
 * so that an operator restarted at any point goes on where it stopped. Refused, touching nothing,
 * while a mirror acts as primary or when the cluster's mirrors are not this MirrorSet's.
 */
public final class MirrorRemoval {
  private MirrorRemoval() {}

  /** The stages, in order. */
  public enum Stage {
    StopMirrors,
    AwaitMarkedDown,
    RemoveMirrorRows,
    DropReplicationSlots,
    DeleteVolumes,
    Done;

    /**
     * The stage that follows once this one's actions succeeded: removing the rows and dropping the
     * slots are done when their calls return; the others are done when it is observed.
     */
    public Stage afterSuccess() {
      return this == RemoveMirrorRows || this == DropReplicationSlots
          ? values()[ordinal() + 1]
          : this;
    }
  }

  /**
   * What earlier passes recorded in the status.
   *
   * @param mirrorsStoppedAt when every mirror pod was seen stopped, or null
   * @param rowsRemoved the mirror rows were removed by this deletion
   * @param slotsDropped the primaries' slots were dropped
   */
  public record Progress(Instant mirrorsStoppedAt, boolean rowsRemoved, boolean slotsDropped) {}

  /**
   * Where the removal stands and what to do in this pass.
   *
   * @param refusal null, or why nothing is done (a condition reason) with {@code message}
   */
  public record Step(Stage stage, List<Action> actions, String message, String refusal) {
    public Step {
      actions = List.copyOf(actions);
    }

    static Step of(Stage stage, String message, Action... actions) {
      return new Step(stage, List.of(actions), message, null);
    }
  }

  /** The next step; {@code grace} is gp_fts_mark_mirror_down_grace_period. */
  public static Step next(Observation seen, Progress done, Duration grace) {
    List<Segment> mirrors = seen.cluster().mirrors();
    List<Segment> acting = mirrors.stream().filter(m -> m.role() == Role.PRIMARY).toList();
    if (!acting.isEmpty()) {
      return refused(
          "MirrorActsAsPrimary",
          acting.stream().map(MirrorRemoval::acting).collect(Collectors.joining("; "))
              + ". Removing it would take the content offline: rebalance first (gprecoverseg -r),"
              + " or set deletionPolicy: Retain to delete the MirrorSet and keep the mirrors");
    }
    if (!managed(seen)) {
      return refused(
          "MirrorsNotManaged",
          "the cluster's mirrors are not this MirrorSet's ("
              + String.join("; ", seen.plan().existing().differences())
              + "); nothing is removed. Set deletionPolicy: Retain to delete the MirrorSet");
    }
    Step stop = stopMirrors(seen);
    if (stop != null) {
      return stop;
    }
    if (!mirrors.isEmpty()) {
      return markDown(seen, mirrors, done, grace);
    }
    boolean copiedHere = done.rowsRemoved() || !seen.volumes().isEmpty();
    if (!done.slotsDropped() && copiedHere) {
      return Step.of(
          Stage.DropReplicationSlots,
          "dropping internal_wal_replication_slot on "
              + seen.cluster().primaries().size()
              + " primaries (utility mode): a slot left behind pins WAL",
          new Action.DropReplicationSlots(seen.cluster().primaries()));
    }
    List<VolumeView> volumes = seen.volumes();
    if (!volumes.isEmpty()) {
      List<Action> deletes = new ArrayList<>();
      volumes.stream()
          .filter(v -> !v.deleting())
          .forEach(v -> deletes.add(new Action.DeleteVolume(v.name())));
      return new Step(
          Stage.DeleteVolumes, deletes, "deleting " + volumes.size() + " mirror volumes", null);
    }
    return Step.of(Stage.Done, "every mirror is removed");
  }

  /** Pods first: every mirror pod of the MirrorSet stops (fast shutdown), preflight pods go. */
  private static Step stopMirrors(Observation seen) {
    List<Action> deletes = new ArrayList<>();
    seen.pods().values().stream()
        .filter(p -> !p.deleting())
        .forEach(p -> deletes.add(new Action.StopMirror(p.content(), p.name())));
    seen.preflight().forEach(p -> deletes.add(new Action.DeletePreflight(p.name())));
    if (!deletes.isEmpty() || !seen.pods().isEmpty()) {
      return new Step(
          Stage.StopMirrors,
          deletes,
          "stopping " + seen.pods().size() + " mirror pods (fast shutdown)",
          null);
    }
    return null;
  }

  /**
   * FTS marks a stopped mirror down only after the grace period and a probe: a probe is requested
   * once the grace period has passed, in every pass, until every mirror is m/d; then the rows go.
   */
  private static Step markDown(
      Observation seen, List<Segment> mirrors, Progress done, Duration grace) {
    List<Segment> up = mirrors.stream().filter(m -> m.status() != SegmentStatus.DOWN).toList();
    if (up.isEmpty()) {
      return Step.of(
          Stage.RemoveMirrorRows,
          "removing " + mirrors.size() + " mirror rows in one transaction",
          new Action.RemoveMirrorRows());
    }
    List<String> outside =
        up.stream()
            .filter(m -> !seen.ours(m))
            .map(
                m ->
                    m.describe()
                        + " on "
                        + m.hostname()
                        + ":"
                        + m.port()
                        + " (pg_ctl -D "
                        + m.dataDirectory()
                        + " stop -m fast)")
            .toList();
    String waiting =
        up.size()
            + " mirrors are not marked down yet"
            + (outside.isEmpty()
                ? ""
                : "; these run outside Kubernetes, stop them by hand: "
                    + String.join("; ", outside));
    Instant since =
        done.mirrorsStoppedAt() == null ? seen.settings().now() : done.mirrorsStoppedAt();
    if (seen.settings().now().isBefore(since.plus(grace))) {
      return Step.of(
          Stage.AwaitMarkedDown,
          waiting + "; FTS marks them down after its grace period of " + grace.toSeconds() + " s");
    }
    return Step.of(
        Stage.AwaitMarkedDown,
        waiting + "; an FTS probe is requested",
        new Action.RequestFtsProbe());
  }

  /**
   * The cluster's mirrors are this MirrorSet's to remove: there are none, they are the planned ones
   * (adopted), or each is the operator's (a volume of its dbid, or registered by it).
   */
  static boolean managed(Observation seen) {
    List<Segment> mirrors = seen.cluster().mirrors();
    return mirrors.isEmpty()
        || seen.plan().existing().state() == ExistingMirrors.State.MATCHES_PLAN
        || mirrors.stream().allMatch(seen::ours);
  }

  private static String acting(Segment m) {
    return "the mirror of content "
        + m.content()
        + " ("
        + m.hostname()
        + ":"
        + m.port()
        + ", dbid "
        + m.dbid()
        + ") acts as primary since a failover";
  }

  private static Step refused(String reason, String message) {
    return new Step(Stage.StopMirrors, List.of(), message, reason);
  }
}
