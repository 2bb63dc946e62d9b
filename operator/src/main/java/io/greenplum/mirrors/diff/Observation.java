package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.plan.PlanResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one reconcile pass saw: the plan made from the spec and the catalog, the catalog and
 * replication rows, and the MirrorSet's pods and volume claims.
 *
 * @param pods the mirror pods, by content
 * @param volumes the mirror volume claims (any dbid)
 * @param baseBackups what each copying pod's base backup log says, by content
 * @param registeredByOperator the mirror dbids the operator registered (gp_configuration_history);
 *     read only when a mirror row has no volume of its dbid, else empty
 * @param preflight the preflight pods
 */
public record Observation(
    PlanResult plan,
    SegmentConfiguration cluster,
    GreenplumVersion version,
    List<ReplicationRow> replication,
    Map<Integer, PodView> pods,
    List<VolumeView> volumes,
    Map<Integer, BaseBackupLog> baseBackups,
    Set<Integer> registeredByOperator,
    List<PreflightView> preflight,
    Settings settings) {

  /**
   * What the spec and the operator ask beyond the plan.
   *
   * @param user the database user base backups and preflight checks connect as
   * @param preflightRetry how long after a failed preflight it is run again
   */
  public record Settings(
      int maxParallel, String image, String user, Instant now, Duration preflightRetry) {}

  public Observation {
    replication = List.copyOf(replication);
    pods = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(pods));
    volumes = List.copyOf(volumes);
    baseBackups = Map.copyOf(baseBackups);
    registeredByOperator = Set.copyOf(registeredByOperator);
    preflight = List.copyOf(preflight);
  }

  /** The segment tools of the cluster's release (null for 4.3/5). */
  public SegmentTools tools() {
    return version == null ? null : version.tools();
  }

  /** The volume claim holding the data directory of {@code content}'s mirror {@code dbid}. */
  public VolumeView volume(int content, int dbid) {
    return volumes.stream()
        .filter(v -> v.content() == content && v.dbid() == dbid && !v.deleting())
        .findFirst()
        .orElse(null);
  }

  /**
   * The mirror is this operator's to run: it has a volume of its dbid, or the operator registered
   * it. Otherwise it runs outside Kubernetes (gpaddmirrors) and is only reported.
   */
  public boolean ours(Segment mirror) {
    return volume(mirror.content(), mirror.dbid()) != null
        || registeredByOperator.contains(mirror.dbid());
  }

  /** Whether some mirror row has no volume of its dbid: then who registered it must be read. */
  public static boolean needsRegistrations(SegmentConfiguration cluster, List<VolumeView> volumes) {
    return cluster.mirrors().stream()
        .anyMatch(
            m ->
                volumes.stream()
                    .noneMatch(v -> v.content() == m.content() && v.dbid() == m.dbid()));
  }

  /** Volume claims of a dbid that is no longer the catalog's mirror of their content. */
  public List<VolumeView> staleVolumes() {
    Map<Integer, Segment> mirrors = cluster.mirrorsByContent();
    return volumes.stream()
        .filter(v -> !v.deleting())
        .filter(
            v -> mirrors.get(v.content()) == null || mirrors.get(v.content()).dbid() != v.dbid())
        .toList();
  }
}
