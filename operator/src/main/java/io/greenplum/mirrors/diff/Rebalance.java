package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rebalance on request, as gprecoverseg -r does it (gprecoverseg.rebalance.log, 06-rebalanced.txt,
 * operator-failover-rebalance-on-real-cluster.txt), for the contents whose mirror of this MirrorSet
 * acts as primary, one content at a time and only while every pair of the MirrorSet is in sync and
 * the rule of disruption ({@link Disruption}) gives it the turn (before moves and rolls): stop our
 * acting primary (its pod is deleted: fast shutdown); FTS promotes the preferred primary (~5 s;
 * probes requested meanwhile; our pod is not made again until the catalog says so); our pod is made
 * again as a mirror and its init container rewinds the directory (pg_rewind) against the new
 * primary; it streams; FTS marks the pair in sync; the next content. Pure: the reconciler reads the
 * request (an annotation) and the progress (the status) and carries out the actions.
 */
public final class Rebalance {
  /** How long FTS may take to promote the preferred primary before ours is started again. */
  public static final Duration PROMOTION_TIMEOUT = Duration.ofMinutes(2);

  private Rebalance() {}

  /** Where a rebalance request stands. */
  public enum Stage {
    Waiting,
    Promoting,
    Rewinding,
    Done,
    Failed;

    /** The stage named so, or null. */
    public static Stage parse(String name) {
      for (Stage s : values()) {
        if (s.name().equals(name)) {
          return s;
        }
      }
      return null;
    }

    /** A content is being switched back: its acting primary stopped, or its mirror rewinding. */
    public boolean inFlight() {
      return this == Promoting || this == Rewinding;
    }
  }

  /**
   * What the status recorded of a rebalance.
   *
   * @param requested the request token (the annotation's value) it answers
   * @param content the content being switched back while in flight, else null
   * @param since when the stage began
   * @param rebalanced the contents back in their preferred roles by this request
   */
  public record Progress(
      String requested,
      Stage stage,
      Integer content,
      Instant since,
      List<Integer> rebalanced,
      String message) {
    public Progress {
      rebalanced = List.copyOf(rebalanced);
    }
  }

  /**
   * This pass's part of the rebalance.
   *
   * @param progress what the status says now (null: no request)
   * @param promoting a content whose pod must not be made again (its acting primary was stopped and
   *     FTS has not promoted the preferred primary yet), or null
   * @param rewinding a content whose mirror is being rewound: not a recovery, and its pod rewinds
   *     the directory whatever recovery.automatic says; or null
   */
  public record Step(
      List<Action> actions, Progress progress, Integer promoting, Integer rewinding) {
    public Step {
      actions = List.copyOf(actions);
    }

    /** No action, and the progress as given. */
    public static Step quiet(Progress progress) {
      return new Step(List.of(), progress, null, null);
    }

    /** The content's pod is held back or its mirror rewinds: recoveries leave it alone. */
    public boolean holds(int content) {
      return Integer.valueOf(content).equals(promoting)
          || Integer.valueOf(content).equals(rewinding);
    }
  }

  public static Step decide(Observation seen) {
    Progress before = seen.rebalance();
    String requested = seen.settings().rebalanceRequest();
    if (before != null && before.stage().inFlight() && before.content() != null) {
      return inFlight(seen, before, requested);
    }
    boolean answered =
        before != null
            && before.requested() != null
            && before.requested().equals(requested)
            && (before.stage() == Stage.Done || before.stage() == Stage.Failed);
    if (requested == null || answered) {
      return Step.quiet(requested == null ? null : before);
    }
    List<Integer> rebalanced =
        before != null && requested.equals(before.requested()) ? before.rebalanced() : List.of();
    return next(seen, requested, rebalanced, before);
  }

  /** The content in flight: promotion awaited, or the rewound mirror awaited in sync. */
  private static Step inFlight(Observation seen, Progress before, String requested) {
    int content = before.content();
    Segment ours = seen.cluster().mirrorsByContent().get(content);
    Segment primary = seen.cluster().primariesByContent().get(content);
    Instant now = seen.settings().now();
    if (ours == null || primary == null) {
      return Step.quiet(
          failed(before, now, "content " + content + " no longer has a mirror in the catalog"));
    }
    if (before.stage() == Stage.Promoting) {
      return promoting(seen, before, ours, primary);
    }
    if (ours.role() == Role.PRIMARY) {
      return Step.quiet(
          failed(
              before,
              now,
              "dbid "
                  + ours.dbid()
                  + " acts as primary again (FTS promoted it back): the rebalance of content "
                  + content
                  + " stops here"));
    }
    if (inSync(ours) && inSync(primary)) {
      List<Integer> rebalanced = new ArrayList<>(before.rebalanced());
      rebalanced.add(content);
      return requested == null
          ? Step.quiet(null)
          : next(seen, before.requested(), rebalanced, before);
    }
    Duration limit = seen.settings().recovery().incrementalTimeout();
    if (!now.isBefore(before.since().plus(limit))) {
      return Step.quiet(
          failed(
              before,
              now,
              "dbid "
                  + ours.dbid()
                  + " is not in sync within recovery.incrementalTimeout ("
                  + limit.toSeconds()
                  + " s) of its rewind: it is recovered as any down mirror from now on"));
    }
    return new Step(List.of(), before, null, content);
  }

  private static Step promoting(Observation seen, Progress before, Segment ours, Segment primary) {
    int content = ours.content();
    Instant now = seen.settings().now();
    if (ours.role() == Role.MIRROR && primary.role() == Role.PRIMARY) {
      return new Step(
          List.of(),
          new Progress(
              before.requested(),
              Stage.Rewinding,
              content,
              now,
              before.rebalanced(),
              "dbid "
                  + primary.dbid()
                  + " on "
                  + primary.address()
                  + ":"
                  + primary.port()
                  + " is the primary again; dbid "
                  + ours.dbid()
                  + " is rewound (pg_rewind) into its mirror and catches up"),
          null,
          content);
    }
    if (!now.isBefore(before.since().plus(PROMOTION_TIMEOUT))) {
      // No promotion: the content must not stay without a primary. Ours starts again as it was.
      return Step.quiet(
          failed(
              before,
              now,
              "FTS did not promote dbid "
                  + primary.dbid()
                  + " within "
                  + PROMOTION_TIMEOUT.toSeconds()
                  + " s of stopping dbid "
                  + ours.dbid()
                  + ": dbid "
                  + ours.dbid()
                  + " is started again as the acting primary"));
    }
    List<Action> actions = new ArrayList<>();
    PodView pod = seen.pods().get(content);
    if (pod != null && !pod.deleting()) {
      actions.add(new Action.StopActingPrimary(content, ours.dbid(), pod.name(), before.message()));
    }
    actions.add(new Action.RequestFtsProbe());
    return new Step(actions, before, content, null);
  }

  /**
   * The acting primaries (ours) a rebalance may stop this pass, by content: what a rewind of their
   * directory would meet is read for these only (empty without a pending request).
   */
  public static Map<Integer, Segment> toCheck(Observation seen) {
    if (!pending(seen)) {
      return Map.of();
    }
    Map<Integer, Segment> acting = new java.util.TreeMap<>();
    seen.cluster().mirrors().stream()
        .filter(seen::ours)
        .filter(m -> m.role() == Role.PRIMARY)
        .forEach(m -> acting.put(m.content(), m));
    return acting;
  }

  /** A request not answered yet, and no content in flight. */
  private static boolean pending(Observation seen) {
    Progress before = seen.rebalance();
    String requested = seen.settings().rebalanceRequest();
    boolean answered =
        before != null
            && requested != null
            && requested.equals(before.requested())
            && (before.stage() == Stage.Done || before.stage() == Stage.Failed);
    return requested != null
        && !answered
        && !(before != null && before.stage().inFlight() && before.content() != null);
  }

  /** The content a pending rebalance would switch back now, for the rule of disruption; or null. */
  static Integer wants(Observation seen) {
    if (!pending(seen)) {
      return null;
    }
    Segment candidate = candidate(seen);
    return candidate == null || seen.rewindRefusals().containsKey(candidate.content())
        ? null
        : candidate.content();
  }

  /** The first acting primary of the MirrorSet whose pod runs, or null. */
  private static Segment candidate(Observation seen) {
    return seen.cluster().mirrors().stream()
        .filter(seen::ours)
        .filter(m -> m.role() == Role.PRIMARY)
        .filter(m -> seen.pods().get(m.content()) != null)
        .filter(m -> seen.pods().get(m.content()).isRunning())
        .findFirst()
        .orElse(null);
  }

  /** The next content to switch back, or why none may be switched now, or Done. */
  private static Step next(
      Observation seen, String requested, List<Integer> rebalanced, Progress before) {
    Map<Integer, Segment> primaries = seen.cluster().primariesByContent();
    List<Segment> ours = seen.cluster().mirrors().stream().filter(seen::ours).toList();
    List<Segment> switched = ours.stream().filter(m -> m.role() == Role.PRIMARY).toList();
    Instant now = seen.settings().now();
    Progress last = before != null && requested.equals(before.requested()) ? before : null;
    if (switched.isEmpty()) {
      String message =
          rebalanced.isEmpty()
              ? "every mirror of the MirrorSet is in its preferred role: nothing to switch"
              : "contents " + rebalanced + " are back in their preferred roles";
      return Step.quiet(kept(last, requested, Stage.Done, null, now, rebalanced, message));
    }
    List<String> notInSync = new ArrayList<>();
    for (Segment mirror : ours) {
      Segment primary = primaries.get(mirror.content());
      if (primary == null || !inSync(mirror) || !inSync(primary)) {
        notInSync.add(unsynced(mirror, primary));
      }
    }
    Segment candidate = candidate(seen);
    if (!notInSync.isEmpty() || candidate == null) {
      String why =
          notInSync.isEmpty()
              ? "the pod of the acting primary of content(s) "
                  + switched.stream().map(Segment::content).toList()
                  + " does not run"
              : String.join("; ", notInSync);
      return waiting(
          last,
          requested,
          now,
          rebalanced,
          "a content is switched back only while every pair is in sync: " + why);
    }
    String refused = seen.rewindRefusals().get(candidate.content());
    if (refused != null) {
      return waiting(
          last,
          requested,
          now,
          rebalanced,
          "refused, nothing is stopped: dbid "
              + candidate.dbid()
              + " could not be rewound into a mirror once stopped: "
              + refused);
    }
    Disruption.Turn turn = Disruption.decide(seen);
    if (!turn.allows(Disruption.Kind.REBALANCE)) {
      // A move under way, or a pair whose rows are s/u but whose mirror does not stream yet.
      return waiting(last, requested, now, rebalanced, turn.why());
    }
    Segment primary = primaries.get(candidate.content());
    PodView pod = seen.pods().get(candidate.content());
    String message =
        "dbid "
            + candidate.dbid()
            + " (acting primary, pod "
            + pod.name()
            + ") is stopped with a fast shutdown; FTS promotes dbid "
            + primary.dbid()
            + " on "
            + primary.address()
            + ":"
            + primary.port();
    return new Step(
        List.of(
            new Action.StopActingPrimary(
                candidate.content(), candidate.dbid(), pod.name(), message),
            new Action.RequestFtsProbe()),
        new Progress(requested, Stage.Promoting, candidate.content(), now, rebalanced, message),
        candidate.content(),
        null);
  }

  private static String unsynced(Segment mirror, Segment primary) {
    String pair = "content " + mirror.content() + " (" + code(mirror) + " / " + code(primary) + ")";
    if (primary != null
        && primary.role() == Role.MIRROR
        && primary.status() == SegmentStatus.DOWN) {
      return pair
          + ": its old primary dbid "
          + primary.dbid()
          + " on "
          + primary.hostname()
          + ":"
          + primary.port()
          + " is down and is not this MirrorSet's: recover it with gprecoverseg -a on the"
          + " coordinator host (it is rewound against dbid "
          + mirror.dbid()
          + ")";
    }
    return pair + " is not in sync";
  }

  private static String code(Segment s) {
    return s == null
        ? "none"
        : "dbid "
            + s.dbid()
            + " "
            + s.role().code()
            + "/"
            + s.mode().code()
            + "/"
            + s.status().code();
  }

  private static boolean inSync(Segment s) {
    return s.isSynchronizedAndUp();
  }

  private static Step waiting(
      Progress last, String requested, Instant now, List<Integer> rebalanced, String message) {
    return Step.quiet(kept(last, requested, Stage.Waiting, null, now, rebalanced, message));
  }

  /** A progress that keeps its since while neither stage nor message changes. */
  private static Progress kept(
      Progress last,
      String requested,
      Stage stage,
      Integer content,
      Instant now,
      List<Integer> rebalanced,
      String message) {
    boolean same = last != null && last.stage() == stage && message.equals(last.message());
    return new Progress(requested, stage, content, same ? last.since() : now, rebalanced, message);
  }

  private static Progress failed(Progress before, Instant now, String message) {
    return new Progress(before.requested(), Stage.Failed, null, now, before.rebalanced(), message);
  }
}
