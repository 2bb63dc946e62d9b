package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorLocation;

/**
 * The MirrorSet's one rule of disruption: which content the operator may make non-redundant by
 * choice now (an acting primary stopped for a rebalance, a mirror stopped for a move or a roll),
 * and which change may begin. Decided from the observation alone, so the rebalance, the moves, the
 * rolling update and the recoveries that ask it in one pass get one answer:
 *
 * <ol>
 *   <li>a change under way (a content being switched back, a mirror stopped for its move) goes on,
 *       and nothing else begins;
 *   <li>while any pair of the MirrorSet is out of sync, a pod of it does not run or a mirror of it
 *       does not stream, nothing begins: an acting primary made again and the recovery of mirrors
 *       that are down anyway come first, and are never held by this rule;
 *   <li>then one change, by precedence: a rebalance, then the moves, then a rolling update.
 * </ol>
 */
public final class Disruption {
  private Disruption() {}

  /** What stops a content by choice. */
  public enum Kind {
    REBALANCE,
    MOVE,
    ROLL
  }

  /**
   * This pass's answer.
   *
   * @param kind the change that may stop a content (or goes on stopping one), or null: none
   * @param content that change's content, or null
   * @param underWay the change has begun: its content is held for it (no recovery of it meanwhile)
   * @param why why no other change may begin, or null when nothing is under way, nothing is out of
   *     sync and nothing waits to stop a content
   */
  public record Turn(Kind kind, Integer content, boolean underWay, String why) {
    /** {@code change} may begin (or go on) now. */
    public boolean allows(Kind change) {
      return kind == change;
    }

    /** The content is stopped by the change under way: recoveries leave it alone. */
    public boolean holds(int content) {
      return underWay && Integer.valueOf(content).equals(this.content);
    }

    /** What a change that may not begin now says: "waiting: ...". */
    public String waiting() {
      return "waiting: " + why;
    }
  }

  public static Turn decide(Observation seen) {
    Turn underWay = underWay(seen);
    if (underWay != null) {
      return underWay;
    }
    String unsynced = outOfSync(seen);
    if (unsynced != null) {
      return new Turn(null, null, false, unsynced);
    }
    Integer content = Rebalance.wants(seen);
    if (content != null) {
      return new Turn(
          Kind.REBALANCE,
          content,
          false,
          "a rebalance switches content " + content + " back first");
    }
    content = Moves.wants(seen);
    if (content != null) {
      return new Turn(
          Kind.MOVE, content, false, "the mirror of content " + content + " is moved first");
    }
    content = RollingUpdate.wants(seen);
    return content == null
        ? new Turn(null, null, false, null)
        : new Turn(Kind.ROLL, content, false, "the pod of content " + content + " is rolled first");
  }

  /** A content being switched back, or a mirror stopped for its move, if any. */
  private static Turn underWay(Observation seen) {
    Rebalance.Progress rebalance = seen.rebalance();
    if (rebalance != null && rebalance.stage().inFlight() && rebalance.content() != null) {
      return new Turn(
          Kind.REBALANCE,
          rebalance.content(),
          true,
          "content " + rebalance.content() + " is being switched back (rebalance)");
    }
    var rows = seen.cluster().mirrorsByContent();
    for (VolumeView v : seen.volumes()) {
      Segment row = rows.get(v.content());
      if (v.movingTo() != null
          && !v.deleting()
          && !v.retired()
          && row != null
          && row.dbid() == v.dbid()
          && row.role() == Role.MIRROR
          && MirrorLocation.of(row).key().equals(v.location())) {
        return new Turn(
            Kind.MOVE,
            v.content(),
            true,
            "the mirror of content " + v.content() + " is being moved");
      }
    }
    return null;
  }

  /** Why a pair of the MirrorSet is not redundant now: out of sync, a pod down, not streaming. */
  static String outOfSync(Observation seen) {
    for (Segment row : seen.cluster().mirrors()) {
      if (!seen.ours(row)) {
        continue;
      }
      PodView pod = seen.pods().get(row.content());
      if (row.mode() != SegmentMode.SYNCHRONIZED || row.status() != SegmentStatus.UP) {
        return "the pair of content "
            + row.content()
            + " is "
            + row.mode().code()
            + "/"
            + row.status().code()
            + ", not s/u";
      }
      if (pod == null || pod.deleting() || !pod.isRunning()) {
        return "the pod of content " + row.content() + " does not run";
      }
      if (!streaming(seen, row.content())) {
        return "the mirror of content " + row.content() + " is not streaming";
      }
    }
    return null;
  }

  /** gp_stat_replication shows the content's mirror streaming (an unreadable view: not known). */
  private static boolean streaming(Observation seen, int content) {
    return seen.replication().stream()
        .anyMatch(
            r ->
                r.content() == content && r.isMirrorWalReceiver() && "streaming".equals(r.state()));
  }
}
