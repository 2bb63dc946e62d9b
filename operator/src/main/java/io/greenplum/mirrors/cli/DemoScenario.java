package io.greenplum.mirrors.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The bad days the demo can show once the mirrors are in sync, with the faults the simulation
 * already has: a mirror killed and recovered, a primary failed over, a failover switched back, and
 * the mirrors moved by an approved edit.
 */
enum DemoScenario {
  ADD,
  RECOVERY,
  FAILOVER,
  REBALANCE,
  MOVE;

  /** The scenario named so on the command line (add, recovery, ...), or null. */
  static DemoScenario named(String name) {
    for (DemoScenario s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    return null;
  }

  /** Something done to the cluster, then the status it waits for. */
  record Step(String says, Act act, Predicate<MirrorSetStatus> until, String reached) {}

  /** What a step does: a fault, a DBA's command, or an edit. */
  @FunctionalInterface
  interface Act {
    void on(SimulatedEnvironment env, String name) throws Exception;
  }

  /** The steps after the first synchronisation. */
  List<Step> steps() {
    return switch (this) {
      case ADD -> List.of();
      case RECOVERY ->
          List.of(
              new Step(
                  "killing the mirror of content 1 (its postgres stops; FTS marks it down)",
                  (env, name) -> env.simulation().killMirror(1),
                  s -> state(s, 1, "Down", "Recovering"),
                  "content 1 is down; the operator recovers it"),
              new Step(
                  "waiting for the recovery",
                  (env, name) -> {},
                  DemoScenario::allInSync,
                  "content 1 recovered: every pair in sync"));
      case FAILOVER -> List.of(failPrimary());
      case REBALANCE ->
          List.of(
              failPrimary(),
              new Step(
                  "the DBA recovers the old primary (gprecoverseg -a) and asks for a rebalance"
                      + " (kubectl annotate mirrorset ... greenplum.io/rebalance=now)",
                  (env, name) -> {
                    env.simulation().recoverOldPrimary(0);
                    annotate(env.client(), name, MirrorSet.REBALANCE_ANNOTATION, "now");
                  },
                  DemoScenario::allInSync,
                  "content 0 is back in its preferred roles: every pair in sync"));
      case MOVE ->
          List.of(
              new Step(
                  "editing placement.strategy to Spread, then approving the moves"
                      + " (kubectl annotate mirrorset ... greenplum.io/approve-moves=<generation>)",
                  DemoScenario::spreadAndApprove,
                  s -> allInSync(s) && s.getMoves() == null,
                  "every mirror moved to its Spread place, one at a time: every pair in sync"));
    };
  }

  private static Step failPrimary() {
    return new Step(
        "failing the primary of content 0: FTS promotes its mirror",
        (env, name) -> env.simulation().failPrimary(0),
        s -> state(s, 0, "ActingAsPrimary"),
        "content 0 runs on its mirror (ActingAsPrimary), as gpstate -e reports roles switched");
  }

  private static void spreadAndApprove(SimulatedEnvironment env, String name) {
    var resource =
        env.client().resources(MirrorSet.class).inNamespace(SimulatedEnvironment.NAMESPACE);
    MirrorSet edited =
        resource
            .withName(name)
            .edit(
                ms -> {
                  ms.getSpec().getPlacement().setStrategy(PlacementStrategy.Spread);
                  return ms;
                });
    annotate(
        env.client(),
        name,
        MirrorSet.APPROVE_MOVES_ANNOTATION,
        String.valueOf(edited.getMetadata().getGeneration()));
  }

  private static void annotate(KubernetesClient client, String name, String key, String value) {
    client
        .resources(MirrorSet.class)
        .inNamespace(SimulatedEnvironment.NAMESPACE)
        .withName(name)
        .edit(
            ms -> {
              Map<String, String> annotations =
                  new HashMap<>(
                      ms.getMetadata().getAnnotations() == null
                          ? Map.of()
                          : ms.getMetadata().getAnnotations());
              annotations.put(key, value);
              ms.getMetadata().setAnnotations(annotations);
              return ms;
            });
  }

  private static boolean state(MirrorSetStatus s, int content, String... states) {
    if (s.getMirrors() == null) {
      return false;
    }
    for (MirrorStatus m : s.getMirrors()) {
      if (m.getContent() == content && List.of(states).contains(m.getState())) {
        return true;
      }
    }
    return false;
  }

  static boolean allInSync(MirrorSetStatus s) {
    return StatusReport.inSync(s) && "Synchronized".equals(s.getPhase());
  }
}
