package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.api.CoordinatorTls;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.api.MoveApproval;
import io.greenplum.mirrors.api.RebalanceStatus;
import io.greenplum.mirrors.api.RecoveryMode;
import io.greenplum.mirrors.api.RecoverySpec;
import io.greenplum.mirrors.catalog.CatalogException;
import io.greenplum.mirrors.catalog.CoordinatorSettings;
import io.greenplum.mirrors.catalog.GreenplumCatalog;
import io.greenplum.mirrors.diff.ClusterClaim;
import io.greenplum.mirrors.diff.FtsTimer;
import io.greenplum.mirrors.diff.MirrorHistory;
import io.greenplum.mirrors.diff.Observation;
import io.greenplum.mirrors.diff.PodView;
import io.greenplum.mirrors.diff.PreflightView;
import io.greenplum.mirrors.diff.Rebalance;
import io.greenplum.mirrors.diff.VolumeView;
import io.greenplum.mirrors.diff.Volumes;
import io.greenplum.mirrors.model.Durations;
import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.ExistingMirrors;
import io.greenplum.mirrors.plan.InputRules;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.Problem;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.status.Finding;
import io.greenplum.mirrors.status.Findings;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass's reads, made into an {@link Observation}: the coordinator password, the catalog
 * (version, gp_segment_configuration, gp_stat_replication, and who registered mirrors that have no
 * volume), and the MirrorSet's pods, volumes and preflight pods from the informers.
 */
final class Observer {
  private final ClusterObserver cluster;
  private final CatalogFactory catalogs;
  private final Clock clock;
  private final Duration preflightRetry;
  private final OperatorMetrics metrics;

  Observer(
      ClusterObserver cluster,
      CatalogFactory catalogs,
      Clock clock,
      Duration preflightRetry,
      OperatorMetrics metrics) {
    this.cluster = cluster;
    this.catalogs = catalogs;
    this.clock = clock;
    this.preflightRetry = preflightRetry;
    this.metrics = metrics;
  }

  /**
   * The MirrorSet's own objects, by what the informers hold.
   *
   * @param uids the UID of each pod and volume claim by name: a deletion decided on this view
   *     deletes that object only, never a newer one of the same name
   */
  record Owned(
      Map<Integer, PodView> pods,
      List<VolumeView> volumes,
      List<PreflightView> preflight,
      Map<String, String> uids) {}

  static Owned owned(MirrorSet ms, Context<MirrorSet> context) {
    String name = ms.getMetadata().getName();
    Set<Pod> pods = context.getSecondaryResources(Pod.class);
    Set<PersistentVolumeClaim> claims = context.getSecondaryResources(PersistentVolumeClaim.class);
    Map<String, String> uids = new java.util.HashMap<>();
    java.util.stream.Stream.concat(pods.stream(), claims.stream())
        .forEach(o -> uids.put(o.getMetadata().getName(), o.getMetadata().getUid()));
    return new Owned(
        ClusterObserver.pods(pods, name),
        ClusterObserver.volumes(claims, name),
        ClusterObserver.preflight(pods, name),
        uids);
  }

  /**
   * What a pass saw.
   *
   * @param seen null when the catalog could not be read (then {@code findings} says why)
   * @param retrySoon {@code seen} is null for a reason that may pass by itself (a transient catalog
   *     failure): look again soon rather than at the idle interval
   * @param claim the newest claim of the cluster (the MirrorSet that manages its mirrors), or null
   */
  record Look(
      GreenplumCatalog catalog,
      Observation seen,
      List<Finding> findings,
      boolean retrySoon,
      Map<String, String> uids,
      ClusterClaim claim) {
    ActionRunner.Target target(MirrorSet ms, Map<String, String> nodes) {
      return new ActionRunner.Target(ms, catalog, nodes, seen.tools(), uids);
    }
  }

  Look look(MirrorSet ms, Context<MirrorSet> context) {
    MirrorSetSpec spec = ms.getSpec();
    List<Finding> malformed = malformed(ms);
    if (!malformed.isEmpty()) {
      // Nothing is read or sent anywhere (not even the password) for a malformed MirrorSet.
      return new Look(null, null, malformed, false, Map.of(), null);
    }
    Owned owned = owned(ms, context);
    List<Finding> nodes = nodesRefusedFirst(ms, owned);
    if (!nodes.isEmpty()) {
      return new Look(null, null, nodes, false, owned.uids(), null);
    }
    ClusterObserver.SecretValue password =
        cluster.password(
            ms, "coordinator.passwordSecret", spec.getCoordinator().getPasswordSecret());
    ClusterObserver.SecretValue ca = ca(ms);
    List<Finding> secrets = secretProblems(ms, password, ca);
    if (!secrets.isEmpty()) {
      return new Look(null, null, secrets, false, Map.of(), null);
    }
    GreenplumCatalog catalog =
        catalogs.open(CoordinatorSettings.of(spec.getCoordinator(), password.value(), ca.value()));
    Map<Integer, MirrorHistory> history = history(ms);
    LogReads.Pass logs = cluster.logs(ms);
    try {
      GreenplumVersion version = catalog.version();
      SegmentConfiguration segments = catalog.segmentConfiguration();
      List<Finding> findings = new java.util.ArrayList<>();
      List<ReplicationRow> replication = replication(catalog, findings);
      Set<Integer> registered =
          Observation.needsRegistrations(segments, owned.volumes())
              ? catalog.registeredByOperator()
              : Set.of();
      Observation seen =
          new Observation(
              MirrorPlanner.plan(segments, spec),
              segments,
              version,
              replication,
              owned.pods(),
              owned.volumes(),
              cluster.baseBackups(ms.getMetadata().getNamespace(), owned.pods(), logs),
              cluster.mirrorLogs(
                  ms.getMetadata().getNamespace(), logsWanted(owned, segments), logs),
              registered,
              owned.preflight(),
              history,
              null,
              settings(ms),
              rebalance(ms),
              Map.of(),
              Map.of(),
              List.of());
      logs.end();
      if (seen.plan().isValid() && seen.plan().existing().state() == ExistingMirrors.State.NONE) {
        seen = seen.withTablespaces(catalog.userTablespaces());
      }
      if (!FtsTimer.stoppedButUp(seen).isEmpty()) {
        seen = seen.withFtsGrace(catalog.ftsGracePeriod());
      }
      Map<Integer, Segment> toSwitch = Rebalance.toCheck(seen);
      if (!toSwitch.isEmpty()) {
        seen = seen.withRewindRefusals(rewindRefusals(catalog, toSwitch, spec.replicationUser()));
      }
      Set<String> classes = Volumes.classesToGrow(seen);
      if (!classes.isEmpty()) {
        seen = seen.withExpansion(cluster.volumeExpansion(classes));
      }
      ClusterClaim claim = ClusterClaim.parse(catalog.latestHistory(ClusterClaim.PREFIX));
      return new Look(catalog, seen, findings, false, owned.uids(), claim);
    } catch (CatalogException e) {
      return new Look(
          catalog, null, List.of(catalogFinding(e)), e.isTransient(), owned.uids(), null);
    }
  }

  /**
   * What a rewind as {@code user} of each acting primary's directory would meet, read on that
   * acting primary (a utility session in template1). One that cannot be read is a refusal: nothing
   * is stopped on a guess.
   */
  private static Map<Integer, String> rewindRefusals(
      GreenplumCatalog catalog, Map<Integer, Segment> acting, String user) {
    Map<Integer, String> refusals = new java.util.TreeMap<>();
    for (Map.Entry<Integer, Segment> e : acting.entrySet()) {
      try {
        String why = catalog.rewindRefusal(e.getValue(), user);
        if (why != null) {
          refusals.put(e.getKey(), why);
        }
      } catch (CatalogException ex) {
        refusals.put(e.getKey(), "what a rewind needs could not be read: " + ex.getMessage());
      }
    }
    return refusals;
  }

  /** What the spec and the operator ask beyond the plan. */
  private Observation.Settings settings(MirrorSet ms) {
    MirrorSetSpec spec = ms.getSpec();
    return new Observation.Settings(
        spec.getMaxParallel() == null ? 4 : spec.getMaxParallel(),
        spec.getTemplate().getImage(),
        spec.replicationUser(),
        clock.instant(),
        preflightRetry,
        recovery(spec.getRecovery()),
        rebalanceRequest(ms),
        MirrorResources.templateHash(ms),
        spec.getDeletionPolicy() != DeletionPolicy.RemoveMirrors,
        spec.getStorage().getSize(),
        spec.getStorage().getStorageClassName() == null
            ? ""
            : spec.getStorage().getStorageClassName(),
        movesApproved(ms));
  }

  /** spec.moveApproval and the approval annotation let this generation's moves start. */
  private static boolean movesApproved(MirrorSet ms) {
    MoveApproval approval = ms.getSpec().getMoveApproval();
    return (approval == null ? MoveApproval.Manual : approval)
        .approves(
            annotation(ms, MirrorSet.APPROVE_MOVES_ANNOTATION), ms.getMetadata().getGeneration());
  }

  /**
   * What is wrong with the Secrets (and the CA, and the image pull Secrets) a pass needs: then
   * nothing is read.
   */
  private List<Finding> secretProblems(
      MirrorSet ms, ClusterObserver.SecretValue password, ClusterObserver.SecretValue ca) {
    List<Finding> secrets = new java.util.ArrayList<>();
    if (password.problem() != null) {
      secrets.add(password.problem());
    }
    if (ms.getSpec().getReplication() != null) {
      ClusterObserver.SecretValue replication =
          cluster.password(
              ms, "replication.passwordSecret", ms.getSpec().getReplication().getPasswordSecret());
      if (replication.problem() != null) {
        secrets.add(replication.problem());
      }
    }
    if (ca.problem() != null) {
      secrets.add(ca.problem());
    }
    var template = ms.getSpec().getTemplate();
    if (template != null && template.getImagePullSecrets() != null) {
      template.getImagePullSecrets().stream()
          .filter(ref -> ref != null && ref.getName() != null)
          .map(ref -> cluster.pullSecret(ms, ref.getName()))
          .filter(java.util.Objects::nonNull)
          .forEach(secrets::add);
    }
    return secrets;
  }

  /** What is known of the MirrorSet {@code claim} names (another one than the pass's). */
  ClusterClaim.Owner owner(ClusterClaim claim) {
    return cluster.owner(claim);
  }

  /** The CA of spec.coordinator.tls, if any (value null without tls). */
  private ClusterObserver.SecretValue ca(MirrorSet ms) {
    CoordinatorTls tls = ms.getSpec().getCoordinator().getTls();
    if (tls == null) {
      return new ClusterObserver.SecretValue(null, null);
    }
    return tls.getCaSecret() != null
        ? cluster.secret(ms, "coordinator.tls.caSecret", tls.getCaSecret())
        : cluster.configMap(ms, "coordinator.tls.caConfigMap", tls.getCaConfigMap());
  }

  /**
   * A MirrorSet that looks after nothing yet and names an unlabelled node waits for a person before
   * anything is read or connected. Once mirrors exist the catalog is read as ever: their care goes
   * on, and the plan's check (Findings.ofSpec) holds back what the spec asks for.
   */
  private List<Finding> nodesRefusedFirst(MirrorSet ms, Owned owned) {
    return nothingToCareFor(ms, owned)
        ? Findings.ofNamedNodes(
            ms, ClusterObserver.nodesOfHosts(ms), cluster::nodeExists, cluster::nodeAllowed)
        : List.of();
  }

  /** No pod, claim or mirror in status: this MirrorSet looks after nothing yet. */
  private static boolean nothingToCareFor(MirrorSet ms, Owned owned) {
    return owned.pods().isEmpty()
        && owned.volumes().isEmpty()
        && owned.preflight().isEmpty()
        && (ms.getStatus() == null
            || ms.getStatus().getMirrors() == null
            || ms.getStatus().getMirrors().isEmpty());
  }

  /** What is wrong with the MirrorSet's own values, before the cluster is looked at. */
  private static List<Finding> malformed(MirrorSet ms) {
    List<Problem> problems = new java.util.ArrayList<>();
    InputRules.name(ms.getMetadata().getName(), problems);
    InputRules.check(ms.getSpec(), problems);
    return problems.stream()
        .filter(Problem::isError)
        .map(p -> Finding.invalid(p.reason(), p.message()))
        .toList();
  }

  /**
   * gp_stat_replication, read apart from the catalog: it dispatches to every segment and fails
   * while one is down ("FTS detected one or more segments are down", query-error.primary-down.txt),
   * which is exactly when the mirrors need looking after. Then the pass goes on without it, and the
   * status says so.
   */
  private List<ReplicationRow> replication(GreenplumCatalog catalog, List<Finding> findings) {
    try {
      return catalog.replication();
    } catch (CatalogException e) {
      metrics.catalogError(e.reason().name());
      findings.add(
          Finding.degraded(
              "ReplicationViewUnavailable",
              "gp_stat_replication could not be read ("
                  + e.getMessage()
                  + "); mirrors and pods are looked after from the catalog alone this pass"));
      return List.of();
    }
  }

  /**
   * The pods whose mirror log says something the pass needs: a crash loop's last line (Stalled),
   * and the WAL a mirror lacks (Full recovery): any running mirror FTS has marked down, in an
   * incremental recovery, restarted by a roll, or made again after its pod was deleted.
   */
  private static List<PodView> logsWanted(Owned owned, SegmentConfiguration segments) {
    Map<Integer, Segment> mirrors = segments.mirrorsByContent();
    return owned.pods().values().stream()
        .filter(p -> !p.deleting())
        .filter(
            p ->
                "CrashLoopBackOff".equals(p.reason())
                    || (p.isRunning() && down(mirrors.get(p.content()), p.dbid())))
        .toList();
  }

  private static boolean down(Segment mirror, int dbid) {
    return mirror != null && mirror.dbid() == dbid && mirror.status() == SegmentStatus.DOWN;
  }

  /** spec.recovery with its timeouts read (an invalid one is a spec problem; defaults here). */
  static Observation.Recovery recovery(RecoverySpec spec) {
    Observation.Recovery d = Observation.Recovery.DEFAULT;
    if (spec == null) {
      return d;
    }
    return new Observation.Recovery(
        !Boolean.FALSE.equals(spec.getAutomatic()),
        spec.getMode() == RecoveryMode.Full,
        Durations.parse(spec.getIncrementalTimeout()).orElse(d.incrementalTimeout()),
        Durations.parse(spec.getStallTimeout()).orElse(d.stallTimeout()));
  }

  /** What earlier passes recorded of each mirror, from the status. */
  private static Map<Integer, MirrorHistory> history(MirrorSet ms) {
    Map<Integer, MirrorHistory> history = new java.util.TreeMap<>();
    if (ms.getStatus() != null) {
      for (MirrorStatus m : ms.getStatus().getMirrors()) {
        history.put(
            m.getContent(),
            new MirrorHistory(
                m.getState(),
                instant(m.getSince()),
                m.getRecovery(),
                instant(m.getRecoverySince())));
      }
    }
    return history;
  }

  /** The greenplum.io/rebalance annotation's value (blank: none). */
  private static String rebalanceRequest(MirrorSet ms) {
    String value = annotation(ms, MirrorSet.REBALANCE_ANNOTATION);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The MirrorSet's annotation {@code key}, or null. */
  private static String annotation(MirrorSet ms, String key) {
    Map<String, String> annotations = ms.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** What the status recorded of the last rebalance request. */
  private static Rebalance.Progress rebalance(MirrorSet ms) {
    RebalanceStatus r = ms.getStatus() == null ? null : ms.getStatus().getRebalance();
    Rebalance.Stage stage = r == null ? null : Rebalance.Stage.parse(r.getStage());
    if (stage == null) {
      return null;
    }
    return new Rebalance.Progress(
        r.getRequested(),
        stage,
        r.getContent(),
        instant(r.getSince()),
        r.getRebalanced() == null ? List.of() : r.getRebalanced(),
        r.getMessage());
  }

  private static java.time.Instant instant(String time) {
    return time == null ? null : java.time.Instant.parse(time);
  }

  boolean nodeExists(String node) {
    return cluster.nodeExists(node);
  }

  boolean nodeAllowed(String node) {
    return cluster.nodeAllowed(node);
  }

  /** Stops what the observer watches by itself (the node informer). */
  void close() {
    cluster.close();
  }

  /** A catalog failure as the status shows it; counted by reason. */
  Finding catalogFinding(CatalogException e) {
    metrics.catalogError(e.reason().name());
    return switch (e.reason()) {
      case NotGreenplum, UnsupportedVersion -> Finding.invalid(e.reason().name(), e.getMessage());
      default -> Finding.degraded(e.reason().name(), e.getMessage());
    };
  }
}
