package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.PlanResult;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one reconcile pass saw: the plan made from the spec and the catalog, the catalog and
 * replication rows, and the MirrorSet's pods and volume claims (by content).
 *
 * @param baseBackups what each copying pod's base backup log says, by content
 */
public record Observation(
    PlanResult plan,
    SegmentConfiguration cluster,
    List<ReplicationRow> replication,
    Map<Integer, PodView> pods,
    Set<Integer> volumes,
    Map<Integer, BaseBackupLog> baseBackups,
    int maxParallel) {

  public Observation {
    replication = List.copyOf(replication);
    pods = Map.copyOf(pods);
    volumes = Set.copyOf(volumes);
    baseBackups = Map.copyOf(baseBackups);
  }
}
