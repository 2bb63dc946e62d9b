package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rolling a changed pod template out, one mirror at a time (as CloudNativePG and Strimzi roll their
 * instances): a pod whose template hash is not the MirrorSet's is out of date; it is deleted (fast
 * shutdown) only while every pair of the MirrorSet is s/u, every pod of it runs and every mirror
 * streams (gp_stat_replication; an unreadable view pauses the rollout), and made again on its
 * volume by the next pass (no copy). A mirror that acts as primary is never stopped for it: it
 * stays pending until a rebalance. A pair out of sync pauses the rollout.
 */
public final class RollingUpdate {
  private RollingUpdate() {}

  /**
   * Where the rollout stands.
   *
   * @param updated pods built from the current template
   * @param total pods of the MirrorSet's mirrors
   * @param pending the out-of-date mirrors, e.g. "content 4 (acts as primary: after a rebalance)"
   * @param paused why nothing is rolled now, or null
   */
  public record Progress(int updated, int total, List<String> pending, String paused) {
    public boolean done() {
      return pending.isEmpty();
    }
  }

  public static Progress progress(Observation seen) {
    String desired = seen.settings().templateHash();
    List<PodView> pods = ourPods(seen);
    if (desired == null) {
      return new Progress(pods.size(), pods.size(), List.of(), null);
    }
    List<String> pending = new ArrayList<>();
    int updated = 0;
    for (PodView pod : pods) {
      if (desired.equals(pod.templateHash())) {
        updated++;
      } else {
        Segment row = seen.cluster().mirrorsByContent().get(pod.content());
        pending.add(
            "content "
                + pod.content()
                + (row != null && row.role() == Role.PRIMARY
                    ? " (acts as primary: after a rebalance)"
                    : ""));
      }
    }
    return new Progress(updated, pods.size(), pending, pending.isEmpty() ? null : paused(seen));
  }

  /** The pod to roll this pass, if any. */
  public static Optional<Action.DeletePod> next(Observation seen) {
    String desired = seen.settings().templateHash();
    if (desired == null || paused(seen) != null) {
      return Optional.empty();
    }
    for (PodView pod : ourPods(seen)) {
      Segment row = seen.cluster().mirrorsByContent().get(pod.content());
      if (!desired.equals(pod.templateHash()) && row != null && row.role() == Role.MIRROR) {
        return Optional.of(
            new Action.DeletePod(
                pod.content(),
                pod.name(),
                "rolling update: it was built from an earlier template (image, resources);"
                    + " it is made again on its volume, no copy"));
      }
    }
    return Optional.empty();
  }

  /** Why no pod may be rolled now: a pair out of sync, a pod not running; or null. */
  static String paused(Observation seen) {
    for (Segment row : seen.cluster().mirrors()) {
      if (!seen.ours(row)) {
        continue;
      }
      PodView pod = seen.pods().get(row.content());
      if (row.mode() != SegmentMode.SYNCHRONIZED || row.status() != SegmentStatus.UP) {
        return "paused: the pair of content "
            + row.content()
            + " is "
            + row.mode().code()
            + "/"
            + row.status().code()
            + ", not s/u";
      }
      if (pod == null || pod.deleting() || !pod.isRunning()) {
        return "paused: the pod of content " + row.content() + " does not run";
      }
      if (!streaming(seen, row.content())) {
        return "paused: the mirror of content " + row.content() + " is not streaming";
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

  private static List<PodView> ourPods(Observation seen) {
    return seen.pods().values().stream()
        .filter(p -> seen.cluster().mirrorsByContent().containsKey(p.content()))
        .filter(p -> seen.ours(seen.cluster().mirrorsByContent().get(p.content())))
        .toList();
  }
}
