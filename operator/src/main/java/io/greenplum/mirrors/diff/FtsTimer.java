package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes never wait on the FTS timer. While a stopped mirror is not marked down its primary keeps
 * synchronous replication on and commits block: the grace period plus up to a probe interval (65 s
 * measured, timing.md). The operator sees its pod stop at once, so it asks FTS for a probe as soon
 * as the grace period has passed (a probe then marks the mirror down at once), and again until the
 * catalog says so.
 */
public final class FtsTimer {
  /** How soon to look again once a probe is due, until the mirror is marked down. */
  static final Duration AGAIN = Duration.ofSeconds(1);

  /** States in which the status saw the mirror process run. */
  private static final Set<String> RAN = Set.of("Synchronized", "CatchingUp", "ActingAsPrimary");

  private FtsTimer() {}

  /** The MirrorSet's mirrors the catalog still calls up (m/u) whose pod does not run. */
  public static List<Segment> stoppedButUp(Observation seen) {
    return seen.cluster().mirrors().stream()
        .filter(m -> m.role() == Role.MIRROR && m.status() == SegmentStatus.UP)
        .filter(seen::ours)
        .filter(
            m -> {
              PodView pod = seen.pods().get(m.content());
              return pod == null || !pod.isRunning();
            })
        .toList();
  }

  /** A probe is due: a stopped mirror's grace period has passed. */
  public static boolean probeDue(Observation seen) {
    return seen.ftsGrace() != null
        && stoppedButUp(seen).stream().anyMatch(m -> !seen.settings().now().isBefore(due(seen, m)));
  }

  /** When to look again for a stopped mirror: at the end of its grace period, then every second. */
  public static Optional<Duration> nextLook(Observation seen) {
    if (seen.ftsGrace() == null) {
      return Optional.empty();
    }
    Instant now = seen.settings().now();
    return stoppedButUp(seen).stream()
        .map(m -> due(seen, m))
        .map(due -> due.isAfter(now) ? Duration.between(now, due) : AGAIN)
        .min(Duration::compareTo);
  }

  /**
   * The end of the grace period: from when the status first showed the mirror not running (Down;
   * or, when its pod was made again and cannot start, Registered, CopyingFromPrimary, Stalled).
   */
  private static Instant due(Observation seen, Segment mirror) {
    MirrorHistory before = seen.history().get(mirror.content());
    Instant since =
        before != null && before.since() != null && !RAN.contains(before.state())
            ? before.since()
            : seen.settings().now();
    return since.plus(seen.ftsGrace());
  }
}
