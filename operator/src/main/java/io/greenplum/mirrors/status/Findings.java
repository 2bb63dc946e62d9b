package io.greenplum.mirrors.status;

import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.diff.BaseBackupLog;
import io.greenplum.mirrors.diff.Moves;
import io.greenplum.mirrors.diff.Observation;
import io.greenplum.mirrors.diff.Preflights;
import io.greenplum.mirrors.diff.ReplicationAccess;
import io.greenplum.mirrors.diff.RollingUpdate;
import io.greenplum.mirrors.diff.Volumes;
import io.greenplum.mirrors.plan.ExistingMirrors;
import io.greenplum.mirrors.plan.PlanResult;
import io.greenplum.mirrors.plan.PlannedMirror;
import io.greenplum.mirrors.plan.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns plan problems, missing nodes and cluster states that block adding mirrors into findings.
 */
public final class Findings {
  private Findings() {}

  /**
   * The nodes that {@code placement.hosts} names (a host's node, else its name) which exist but do
   * not carry {@value MirrorSet#SEGMENT_HOST_LABEL}=true. Known from the spec and the nodes alone,
   * before the catalog is read.
   */
  public static List<Finding> ofNamedNodes(
      MirrorSet ms,
      Map<String, String> nodeOfHost,
      Predicate<String> nodeExists,
      Predicate<String> nodeAllowed) {
    Map<String, Finding> findings = new java.util.LinkedHashMap<>();
    for (var host : ms.getSpec().getPlacement().getHosts()) {
      String node = nodeOfHost.getOrDefault(host.getName(), host.getName());
      if (node != null && nodeExists.test(node) && !nodeAllowed.test(node)) {
        findings.putIfAbsent(node, nodeNotAllowed(node, host.getName()));
      }
    }
    return List.copyOf(findings.values());
  }

  private static Finding nodeNotAllowed(String node, String host) {
    return Finding.invalid(
        "NodeNotAllowed",
        "node "
            + node
            + " of segment host "
            + host
            + " lacks the label "
            + MirrorSet.SEGMENT_HOST_LABEL
            + "=true that marks the nodes Greenplum pods may run on: no pod is made there"
            + " (a platform admin labels a segment host's node: kubectl label node "
            + node
            + " "
            + MirrorSet.SEGMENT_HOST_LABEL
            + "=true)");
  }

  /**
   * What is wrong with the spec against this cluster: every planner error, and mirror hosts whose
   * Kubernetes node does not exist, does not carry {@value MirrorSet#SEGMENT_HOST_LABEL}=true, or
   * is the primary's node without allowSameHost.
   */
  public static List<Finding> ofSpec(
      MirrorSet ms,
      PlanResult plan,
      Map<String, String> nodeOfHost,
      Predicate<String> nodeExists,
      Predicate<String> nodeAllowed) {
    List<Finding> findings = new ArrayList<>();
    for (Problem p : plan.errors()) {
      findings.add(Finding.invalid(p.reason(), p.message()));
    }
    if (!plan.isValid()) {
      return findings;
    }
    boolean sameHostAllowed = Boolean.TRUE.equals(ms.getSpec().getPlacement().getAllowSameHost());
    Map<String, Boolean> checked = new HashMap<>();
    for (PlannedMirror m : plan.plan().mirrors()) {
      String node = nodeOfHost.getOrDefault(m.hostname(), m.hostname());
      boolean first = checked.putIfAbsent(node, true) == null;
      if (first && !nodeExists.test(node)) {
        findings.add(
            Finding.invalid(
                "NodeNotFound",
                "node "
                    + node
                    + " of segment host "
                    + m.hostname()
                    + " does not exist: name the host's node in placement.hosts[].node"));
      } else if (first && !nodeAllowed.test(node)) {
        findings.add(nodeNotAllowed(node, m.hostname()));
      }
      String primaryNode = nodeOfHost.getOrDefault(m.primary().hostname(), m.primary().hostname());
      if (!sameHostAllowed && node.equals(primaryNode)) {
        findings.add(
            Finding.invalid(
                "MirrorOnPrimaryNode",
                "content "
                    + m.content()
                    + ": the mirror's node "
                    + node
                    + " is also its primary's; set placement.allowSameHost: true only for a"
                    + " single-host cluster"));
      }
    }
    return findings;
  }

  /** The reason of the finding that says what an invalid spec holds back. */
  public static final String CHANGES_HELD = "ChangesHeld";

  /**
   * What an invalid spec holds back this pass, and that the registered mirrors are looked after all
   * the same.
   *
   * @param wouldMove the moves the spec would ask for (decided on the same observation)
   */
  public static Finding held(Observation seen, Moves.Step wouldMove) {
    List<String> held = new ArrayList<>();
    if (seen.plan().existing().state() == ExistingMirrors.State.NONE) {
      held.add("registering the mirrors");
    }
    if (!wouldMove.planned().isEmpty()) {
      held.add(
          wouldMove.planned().size()
              + (wouldMove.planned().size() == 1 ? " move (" : " moves (")
              + wouldMove.planned().get(0).describe()
              + (wouldMove.planned().size() > 1 ? ", ..." : "")
              + ")");
    }
    int roll = RollingUpdate.progress(seen).pending().size();
    if (roll > 0) {
      held.add("the rolling update of " + roll + (roll == 1 ? " pod" : " pods"));
    }
    int grow = Volumes.toGrow(seen).size();
    if (grow > 0) {
      held.add("growing " + grow + (grow == 1 ? " volume claim" : " volume claims"));
    }
    return Finding.invalid(
        CHANGES_HELD,
        (held.isEmpty()
                ? "what the spec changes waits until it is valid again"
                : "held until the spec is valid again: " + String.join(", ", held))
            + (seen.cluster().mirrors().isEmpty()
                ? ""
                : "; the registered mirrors are still looked after (pods made again, acting"
                    + " primaries first, recovery, FTS probes, rebalance)"));
  }

  /** Why mirrors placed otherwise than the spec says are not moved now, if a person must act. */
  private static List<Finding> moves(Moves.Step moves) {
    List<Finding> findings = new ArrayList<>();
    if (!moves.refused().isEmpty()) {
      findings.add(
          Finding.degraded(
              "Conflict",
              "mirrors placed otherwise than this MirrorSet says cannot be moved ("
                  + String.join("; ", moves.refused().stream().limit(5).toList())
                  + (moves.refused().size() > 5
                      ? "; and " + (moves.refused().size() - 5) + " more"
                      : "")
                  + "). No mirror is moved"));
    } else if (!moves.preflightProblems().isEmpty()) {
      findings.add(
          Finding.degraded(
              "PreflightFailed",
              "the move of "
                  + moves.planned().get(0).describe()
                  + " waits, its mirror still runs at the old place: "
                  + String.join("; ", moves.preflightProblems())));
    } else if (moves.blocked()) {
      findings.add(
          Finding.degraded(
              "MoveBlocked",
              "no move can start, each new place is held by another instance ("
                  + moves.stage()
                  + "): change the placement so that one mirror can go to a free port or"
                  + " host first"));
    }
    return findings;
  }

  /** What the observed cluster says against adding mirrors now. */
  public static List<Finding> ofCluster(Observation seen, MirrorSetSpec spec) {
    return ofCluster(seen, spec, Moves.decide(seen));
  }

  /** As above, with {@code moves} decided on the same observation. */
  public static List<Finding> ofCluster(Observation seen, MirrorSetSpec spec, Moves.Step moves) {
    List<Finding> findings = new ArrayList<>();
    ExistingMirrors existing = seen.plan().existing();
    switch (existing.state()) {
      case PARTIAL ->
          findings.add(
              Finding.degraded(
                  "PartialMirroring",
                  "only some contents have a mirror ("
                      + String.join("; ", existing.differences())
                      + "); a real Greenplum 7 coordinator crashed in this state. Nothing is"
                      + " touched: repair the catalog by hand (see README)"));
      case DIFFERS_FROM_PLAN -> findings.addAll(moves(moves));
      case NONE -> {
        List<String> preflight = seen.plan().isValid() ? Preflights.problems(seen) : List.of();
        if (!seen.tablespaces().isEmpty()) {
          findings.add(tablespaces(seen.tablespaces()));
        } else if (!preflight.isEmpty()) {
          findings.add(
              Finding.degraded(
                  "PreflightFailed",
                  "nothing is registered until every mirror host can copy from its primaries: "
                      + String.join("; ", preflight)));
        }
      }
      default -> {}
    }
    Volumes.refusals(seen).forEach(p -> findings.add(Finding.invalid(p.reason(), p.message())));
    Volumes.notExpandable(seen)
        .forEach(m -> findings.add(Finding.degraded("VolumeExpansionNotAllowed", m)));
    seen.pods().values().stream()
        .filter(p -> p.waiting() != null && p.waiting().contains("unbound"))
        .forEach(
            p ->
                findings.add(
                    Finding.degraded(
                        "VolumeNotBound",
                        "pod "
                            + p.name()
                            + " (content "
                            + p.content()
                            + ") cannot be scheduled: its volume claim is not bound ("
                            + p.waiting()
                            + "); check that spec.storage.storageClassName names a storage class"
                            + " that exists and can provision a volume on the mirror's node")));
    seen.baseBackups()
        .forEach(
            (content, log) -> {
              if (log.replicationRefused()) {
                findings.add(refused(content, log, seen, spec));
              } else if (log.passwordRefused()) {
                findings.add(wrongPassword(content, log, seen, spec));
              }
            });
    return findings;
  }

  private static Finding tablespaces(List<String> tablespaces) {
    return Finding.degraded(
        "TablespacesNotSupported",
        "the cluster has user tablespaces: "
            + String.join(", ", tablespaces)
            + ". pg_basebackup writes each one to <location>/<dbid> on the mirror's host, where a"
            + " mirror pod has no volume, so every copy would fail after registration. Nothing is"
            + " registered: move their objects to pg_default and DROP TABLESPACE, or add these"
            + " mirrors with gpaddmirrors");
  }

  private static Finding wrongPassword(
      int content, BaseBackupLog log, Observation seen, MirrorSetSpec spec) {
    var primary = seen.cluster().primariesByContent().get(content);
    var secret = spec.getReplication() == null ? null : spec.getReplication().getPasswordSecret();
    return Finding.degraded(
        "ReplicationAuthFailed",
        "the primary of content "
            + content
            + " ("
            + primary.hostname()
            + ":"
            + primary.port()
            + ") does not accept the password of role "
            + log.wrongPasswordUser()
            + (secret == null
                ? ": set spec.replication (user and passwordSecret), or give the role a trust"
                    + " replication entry"
                : ": make Secret "
                    + secret.getName()
                    + " key "
                    + secret.getKey()
                    + " hold the role's password (ALTER ROLE "
                    + log.wrongPasswordUser()
                    + " PASSWORD ...); the pod reads it when it starts again"));
  }

  private static Finding refused(
      int content, BaseBackupLog log, Observation seen, MirrorSetSpec spec) {
    var primary = seen.cluster().primariesByContent().get(content);
    return Finding.degraded(
        "ReplicationNotAllowed",
        "the primary of content "
            + content
            + " ("
            + primary.hostname()
            + ":"
            + primary.port()
            + ") refuses replication from "
            + log.refusedFrom()
            + ": add '"
            + ReplicationAccess.hbaLine(
                log.refusedUser(),
                log.refusedFrom(),
                spec.getReplication() == null ? "trust" : "scram-sha-256")
            + "' to its pg_hba.conf and reload it (gpaddmirrors adds such entries)");
  }
}
