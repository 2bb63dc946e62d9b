package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Group and Spread plans: hosts from {@link HostAssignment}, then ports and data directories by
 * each mirror's index on its target host, dbids after the cluster's largest, in plan order.
 */
final class GeneratedPlacement {
  private GeneratedPlacement() {}

  static MirrorPlan plan(
      SegmentConfiguration cluster, MirrorSetSpec spec, MirrorHosts hosts, List<Problem> problems) {
    PlacementStrategy strategy = spec.getPlacement().getStrategy();
    List<HostAssignment.Assignment> assignments =
        strategy == PlacementStrategy.Spread
            ? HostAssignment.spread(cluster.primariesByHost(), hosts.names())
            : HostAssignment.group(cluster.primariesByHost(), hosts.names());
    boolean replicationPorts = cluster.family().hasReplicationPorts();
    PortBases bases = new PortBases(cluster, spec.getPorts());
    List<String> locations = spec.getDataDirectories();
    String prefix = cluster.dataDirectoryPrefix();
    Map<String, Integer> mirrorsOnHost = new HashMap<>();
    Map<String, Integer> mirroredOnPrimaryHost = new HashMap<>();
    List<PlannedMirror> mirrors = new ArrayList<>();
    int dbid = cluster.maxDbid();
    for (HostAssignment.Assignment assignment : assignments) {
      Segment primary = assignment.primary();
      String target = assignment.targetHost();
      int index = mirrorsOnHost.merge(target, 1, Integer::sum) - 1;
      int primaryIndex = mirroredOnPrimaryHost.merge(primary.hostname(), 1, Integer::sum) - 1;
      if (locations.size() > 1 && index >= locations.size()) {
        problems.add(
            Problem.error(
                "DataLocationCount",
                "host "
                    + target
                    + " receives more mirrors than the "
                    + locations.size()
                    + " data locations given (content "
                    + primary.content()
                    + " is mirror number "
                    + (index + 1)
                    + " there): give one location for all, or one per mirror on a host"));
        return null;
      }
      String location = locations.get(locations.size() == 1 ? 0 : index);
      mirrors.add(
          new PlannedMirror(
              primary.content(),
              ++dbid,
              primary,
              target,
              hosts.addressFor(primary, target),
              bases.mirror(target) + index,
              DataDirectories.forContent(location, prefix, primary.content()),
              replicationPorts ? bases.mirrorReplication(target) + index : null,
              replicationPorts
                  ? bases.primaryReplication(primary.hostname()) + primaryIndex
                  : null));
    }
    return new MirrorPlan(cluster.family(), strategy, mirrors);
  }
}
