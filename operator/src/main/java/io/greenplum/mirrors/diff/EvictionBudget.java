package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the MirrorSet's two PodDisruptionBudgets say this pass: the rule of disruption ({@link
 * Disruption}) as the eviction API (kubectl drain, the cluster autoscaler) sees it.
 *
 * <p>Mirror pods have no controller, so the disruption controller counts them only for an integer
 * {@code minAvailable} (a {@code maxUnavailable} budget over bare pods allows no eviction at all:
 * every drain would hang). The operator writes that integer each pass from the catalog:
 *
 * <ul>
 *   <li>the <b>mirrors</b> budget selects the pods of mirrors in their preferred role; it allows
 *       one eviction when every content of the MirrorSet is redundant (both rows up and in sync,
 *       the pod running and ready) or has its mirror waiting for its node (its pod made again and
 *       not placed: the node is cordoned, so that the drain of a node with several mirrors
 *       completes), and none else;
 *   <li>the <b>primaries</b> budget selects the pods whose dbid acts as primary (label {@code
 *       greenplum.io/role=primary}, or {@code sole-primary} while its peer is down or not in sync:
 *       the only copy of its content). Evicting one is a failover of its content, and the only way
 *       back is a rebalance: its {@code minAvailable} is more than it can ever select, so none is
 *       ever evicted. A drain of its node waits for the rebalance.
 * </ul>
 *
 * <p>A pod changes budget by its label. So that no eviction slips through in between, a pod joins
 * the primaries before the mirrors' number is lowered, and leaves them after it is raised.
 */
public final class EvictionBudget {
  /** The role label of a pod whose dbid acts as primary and is its content's only live copy. */
  public static final String SOLE_PRIMARY = "sole-primary";

  public static final String PRIMARY = "primary";
  public static final String MIRROR = "mirror";

  private EvictionBudget() {}

  /**
   * This pass's budgets.
   *
   * @param mirrorsMinAvailable the mirrors budget's minAvailable
   * @param primariesMinAvailable the primaries budget's minAvailable
   * @param evictable whether the mirrors budget allows an eviction now
   * @param labels the role label each pod of ours should carry, by pod name
   */
  public record Budgets(
      int mirrorsMinAvailable,
      int primariesMinAvailable,
      boolean evictable,
      Map<String, String> labels) {
    public Budgets {
      labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }
  }

  /**
   * @param stopping this pass stops a pod: no eviction is allowed until a pass sees what it did
   */
  public static Budgets of(Observation seen, boolean stopping) {
    Map<Integer, Segment> peers = seen.cluster().primariesByContent();
    Map<String, String> labels = new TreeMap<>();
    int owned = 0;
    int counted = 0;
    boolean evictable = !stopping;
    for (Segment row : seen.cluster().mirrors()) {
      if (!seen.ours(row)) {
        continue;
      }
      owned++;
      PodView pod = seen.pods().get(row.content());
      Segment peer = peers.get(row.content());
      boolean acting = row.role() == Role.PRIMARY;
      if (pod != null && !pod.deleting()) {
        labels.put(pod.name(), acting ? inSync(row, peer) ? PRIMARY : SOLE_PRIMARY : MIRROR);
      }
      boolean waiting = !acting && pod != null && pod.waitsForItsNode();
      if (!acting && !waiting) {
        counted++;
      }
      if (!waiting && !redundant(row, peer, pod)) {
        evictable = false;
      }
    }
    int mirrors = Math.max(0, counted - (evictable ? 1 : 0));
    return new Budgets(mirrors, owned + 1, evictable, labels);
  }

  /**
   * The actions that bring the budgets and the pods' labels to this pass's: pods into the primaries
   * budget first, then the numbers, then every other label. None while no mirror is this
   * MirrorSet's (mirrors it adopts and does not run, a cluster it does not touch).
   */
  public static List<Action> actions(Observation seen, boolean stopping) {
    Budgets budgets = of(seen, stopping);
    if (budgets.primariesMinAvailable() == 1) {
      return List.of();
    }
    List<Action> first = new ArrayList<>();
    List<Action> after = new ArrayList<>();
    for (PodView pod : seen.pods().values()) {
      String label = budgets.labels().get(pod.name());
      if (label == null || label.equals(pod.roleLabel())) {
        continue;
      }
      Action relabel = new Action.LabelRole(pod.content(), pod.name(), label);
      (guarded(label) && !guarded(pod.roleLabel()) ? first : after).add(relabel);
    }
    first.add(
        new Action.SetDisruptionBudgets(
            budgets.mirrorsMinAvailable(), budgets.primariesMinAvailable()));
    first.addAll(after);
    return first;
  }

  /** A pod with this role label is in the primaries budget. */
  public static boolean guarded(String label) {
    return PRIMARY.equals(label) || SOLE_PRIMARY.equals(label);
  }

  /** Both instances up and the pair in sync (the catalog gives both rows the pair's mode). */
  private static boolean inSync(Segment row, Segment peer) {
    return row.status() == SegmentStatus.UP
        && row.mode() == SegmentMode.SYNCHRONIZED
        && peer != null
        && peer.status() == SegmentStatus.UP;
  }

  private static boolean redundant(Segment row, Segment peer, PodView pod) {
    return inSync(row, peer) && pod != null && pod.isRunning() && pod.mirrorReady();
  }
}
