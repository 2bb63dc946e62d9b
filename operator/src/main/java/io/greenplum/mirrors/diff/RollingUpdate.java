package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rolling a changed pod template out, one mirror at a time (as CloudNativePG and Strimzi roll their
 * instances): a pod whose template hash is not the MirrorSet's is out of date; it is deleted (fast
 * shutdown) only while every pair of the MirrorSet is s/u, every pod of it runs and every mirror
 * streams (gp_stat_replication; an unreadable view pauses the rollout), and made again on its
 * volume by the next pass (no copy), when the rule of disruption ({@link Disruption}) gives rolls
 * the turn. A mirror that acts as primary is never stopped for it: it stays pending until a
 * rebalance.
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

  /**
   * Why no pod is rolled now (the rule of disruption gives the turn to another change), or null.
   */
  private static String paused(Observation seen) {
    Disruption.Turn turn = Disruption.decide(seen);
    return turn.allows(Disruption.Kind.ROLL) || turn.why() == null ? null : "paused: " + turn.why();
  }

  /** The pod to roll this pass, if any: when the rule of disruption gives rolls the turn. */
  public static Optional<Action.DeletePod> next(Observation seen) {
    Disruption.Turn turn = Disruption.decide(seen);
    if (!turn.allows(Disruption.Kind.ROLL)) {
      return Optional.empty();
    }
    PodView pod = seen.pods().get(turn.content());
    return Optional.of(
        new Action.DeletePod(
            pod.content(),
            pod.name(),
            "rolling update: it was built from an earlier template (image, resources);"
                + " it is made again on its volume, no copy"));
  }

  /**
   * The first out-of-date pod of a mirror in its preferred role (acting primaries wait), or null.
   */
  static Integer wants(Observation seen) {
    String desired = seen.settings().templateHash();
    if (desired == null) {
      return null;
    }
    for (PodView pod : ourPods(seen)) {
      Segment row = seen.cluster().mirrorsByContent().get(pod.content());
      if (!desired.equals(pod.templateHash()) && row.role() == Role.MIRROR && !pod.deleting()) {
        return pod.content();
      }
    }
    return null;
  }

  private static List<PodView> ourPods(Observation seen) {
    return seen.pods().values().stream()
        .filter(p -> seen.cluster().mirrorsByContent().containsKey(p.content()))
        .filter(p -> seen.ours(seen.cluster().mirrorsByContent().get(p.content())))
        .toList();
  }
}
