package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.plan.MirrorLocation;
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
 * @param mirrorLogs what the mirror container's log says, by content, for mirrors under recovery
 *     that do not stream and pods that crash-loop
 * @param registeredByOperator the mirror dbids the operator registered (gp_configuration_history);
 *     read only when a mirror row has no volume of its dbid, else empty
 * @param preflight the preflight pods
 * @param history what earlier passes recorded of each mirror, by content
 * @param ftsGrace gp_fts_mark_mirror_down_grace_period, read when a mirror of the MirrorSet stopped
 *     while the catalog still calls it up; else null
 * @param rebalance what the status recorded of the last rebalance request, or null
 * @param expansion allowVolumeExpansion of the storage classes of volumes to grow, read only when
 *     one is to grow (a class that could not be read is absent)
 * @param rewindRefusals why a pg_rewind of the directory of each content's acting primary would be
 *     refused, read only for the contents a rebalance may switch back this pass (a content whose
 *     rewind can work is absent)
 * @param tablespaces the cluster's user tablespaces ("name (location)"), read only before mirrors
 *     are registered: a pod cannot hold a copy of them
 */
public record Observation(
    PlanResult plan,
    SegmentConfiguration cluster,
    GreenplumVersion version,
    List<ReplicationRow> replication,
    Map<Integer, PodView> pods,
    List<VolumeView> volumes,
    Map<Integer, BaseBackupLog> baseBackups,
    Map<Integer, MirrorLog> mirrorLogs,
    Set<Integer> registeredByOperator,
    List<PreflightView> preflight,
    Map<Integer, MirrorHistory> history,
    Duration ftsGrace,
    Settings settings,
    Rebalance.Progress rebalance,
    Map<String, Boolean> expansion,
    Map<Integer, String> rewindRefusals,
    List<String> tablespaces) {

  /**
   * What the spec and the operator ask beyond the plan.
   *
   * @param user the database user base backups and preflight checks connect as
   * @param preflightRetry how long after a failed preflight it is run again
   * @param recovery spec.recovery, its timeouts read
   * @param rebalanceRequest the greenplum.io/rebalance annotation's value, or null
   * @param templateHash the hash of the MirrorSet's pod template, or null
   * @param retainVolumes deletionPolicy Retain: the volume claim a mirror moved away from is kept
   * @param storageSize spec.storage.size, or null
   * @param storageClass spec.storage.storageClassName ("" for the cluster's default)
   * @param movesApproved the moves this generation asks for may start (spec.moveApproval)
   */
  public record Settings(
      int maxParallel,
      String image,
      String user,
      Instant now,
      Duration preflightRetry,
      Recovery recovery,
      String rebalanceRequest,
      String templateHash,
      boolean retainVolumes,
      String storageSize,
      String storageClass,
      boolean movesApproved) {
    /**
     * Without a template hash (no rolling update is decided) nor storage (no volume is grown);
     * moved-away volumes are kept.
     */
    public Settings(
        int maxParallel,
        String image,
        String user,
        Instant now,
        Duration preflightRetry,
        Recovery recovery,
        String rebalanceRequest) {
      this(
          maxParallel,
          image,
          user,
          now,
          preflightRetry,
          recovery,
          rebalanceRequest,
          null,
          true,
          null,
          null,
          true);
    }
  }

  /**
   * How down mirrors are recovered (spec.recovery).
   *
   * @param full recovery.mode Full
   */
  public record Recovery(
      boolean automatic, boolean full, Duration incrementalTimeout, Duration stallTimeout) {
    public static final Recovery DEFAULT =
        new Recovery(true, false, Duration.ofMinutes(10), Duration.ofMinutes(5));
  }

  public Observation {
    replication = List.copyOf(replication);
    pods = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(pods));
    volumes = List.copyOf(volumes);
    baseBackups = Map.copyOf(baseBackups);
    mirrorLogs = Map.copyOf(mirrorLogs);
    registeredByOperator = Set.copyOf(registeredByOperator);
    preflight = List.copyOf(preflight);
    history = Map.copyOf(history);
    expansion = expansion == null ? Map.of() : Map.copyOf(expansion);
    tablespaces = tablespaces == null ? List.of() : List.copyOf(tablespaces);
  }

  /** This observation with the allowVolumeExpansion of the storage classes read. */
  public Observation withExpansion(Map<String, Boolean> classes) {
    return with(ftsGrace, classes, rewindRefusals, tablespaces);
  }

  /** This observation with the FTS grace period read. */
  public Observation withFtsGrace(Duration grace) {
    return with(grace, expansion, rewindRefusals, tablespaces);
  }

  /** This observation with what a rewind of the contents a rebalance may switch would meet. */
  public Observation withRewindRefusals(Map<Integer, String> refusals) {
    return with(ftsGrace, expansion, refusals, tablespaces);
  }

  /** This observation with the cluster's user tablespaces read. */
  public Observation withTablespaces(List<String> names) {
    return with(ftsGrace, expansion, rewindRefusals, names);
  }

  private Observation with(
      Duration grace,
      Map<String, Boolean> classes,
      Map<Integer, String> refusals,
      List<String> names) {
    return new Observation(
        plan,
        cluster,
        version,
        replication,
        pods,
        volumes,
        baseBackups,
        mirrorLogs,
        registeredByOperator,
        preflight,
        history,
        grace,
        settings,
        rebalance,
        classes,
        refusals,
        names);
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
   * The volume claim that holds (or is to hold) the data directory of mirror {@code dbid} at {@code
   * place}: one made for that place, or one made before moves existed; never a retired one.
   */
  public VolumeView volume(int content, int dbid, MirrorLocation place) {
    return volumes.stream()
        .filter(v -> v.content() == content && v.dbid() == dbid && v.holds(place))
        .findFirst()
        .orElse(null);
  }

  /**
   * The claim a mirror moved away from and whose new place has no claim yet: the new claim's name
   * is made from it. Null when the mirror has not moved.
   */
  public VolumeView movedFrom(Segment mirror) {
    String here = MirrorLocation.of(mirror).key();
    return volumes.stream()
        .filter(v -> v.content() == mirror.content() && v.dbid() == mirror.dbid())
        .filter(v -> !v.deleting() && v.location() != null && !v.location().equals(here))
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

  /**
   * The instance a mirror copies or rewinds from: the other instance of its content acting as
   * primary, else the preferred primary.
   */
  public Segment copySource(Segment mirror) {
    return cluster.segments().stream()
        .filter(s -> s.content() == mirror.content() && s.dbid() != mirror.dbid())
        .filter(s -> s.role() == io.greenplum.mirrors.model.Role.PRIMARY)
        .findFirst()
        .orElse(cluster.primariesByContent().get(mirror.content()));
  }

  /**
   * Volume claims of a dbid that is no longer the catalog's mirror of their content, and those
   * retired after their mirror moved away.
   */
  public List<VolumeView> staleVolumes() {
    Map<Integer, Segment> mirrors = cluster.mirrorsByContent();
    return volumes.stream()
        .filter(v -> !v.deleting())
        .filter(
            v ->
                v.retired()
                    || mirrors.get(v.content()) == null
                    || mirrors.get(v.content()).dbid() != v.dbid())
        .toList();
  }
}
