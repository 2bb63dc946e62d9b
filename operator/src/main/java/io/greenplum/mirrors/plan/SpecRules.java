package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.api.MirrorHost;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.api.PortsSpec;
import io.greenplum.mirrors.api.RecoverySpec;
import io.greenplum.mirrors.model.Durations;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks of the spec against the cluster's shape that do not need a plan. */
final class SpecRules {
  private SpecRules() {}

  static void check(
      MirrorSetSpec spec, SegmentConfiguration cluster, MirrorHosts hosts, List<Problem> problems) {
    PlacementStrategy strategy = spec.getPlacement().getStrategy();
    int before = problems.size();
    InputRules.check(spec, problems);
    // What needs no cluster is said together, so that one edit fixes everything.
    hostNames(spec.getPlacement().getHosts(), problems);
    maxParallel(spec.getMaxParallel(), problems);
    recovery(spec.getRecovery(), problems);
    bases(spec.getPorts(), problems);
    if (problems.subList(before, problems.size()).stream().anyMatch(Problem::isError)) {
      return;
    }
    if (cluster.primaries().isEmpty()) {
      problems.add(Problem.error("NoPrimaries", "the cluster has no primary segment to mirror"));
      return;
    }
    ports(spec.getPorts(), cluster, problems);
    if (strategy == PlacementStrategy.Explicit) {
      if (spec.getPlacement().getMirrors().isEmpty()) {
        problems.add(
            Problem.error(
                "ExplicitWithoutMirrors",
                "placement.strategy Explicit needs placement.mirrors: one entry per primary"
                    + " content (0.."
                    + (cluster.primaries().size() - 1)
                    + ")"));
      }
      return;
    }
    if (!spec.getPlacement().getMirrors().isEmpty()) {
      problems.add(
          Problem.error(
              "MirrorsWithoutExplicit",
              "placement.mirrors is only read with placement.strategy Explicit, not " + strategy));
    }
    dataLocations(spec.getDataDirectories(), cluster.maxPrimariesPerHost(), problems);
    if (strategy == PlacementStrategy.Spread) {
      spreadHosts(cluster, hosts, problems);
    }
  }

  private static void hostNames(List<MirrorHost> declared, List<Problem> problems) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      MirrorHost host = declared.get(i);
      if (host == null || host.getName() == null || host.getName().isBlank()) {
        problems.add(
            Problem.error("MissingHostName", "placement.hosts[" + i + "]: name is required"));
      } else if (!names.add(host.getName())) {
        problems.add(
            Problem.error(
                "DuplicateHost",
                "placement.hosts[" + i + "]: host " + host.getName() + " is listed twice"));
      }
    }
  }

  private static void recovery(RecoverySpec recovery, List<Problem> problems) {
    if (recovery == null) {
      return;
    }
    for (String[] field :
        new String[][] {
          {"recovery.incrementalTimeout", recovery.getIncrementalTimeout()},
          {"recovery.stallTimeout", recovery.getStallTimeout()}
        }) {
      if (field[1] != null && Durations.parse(field[1]).isEmpty()) {
        problems.add(
            Problem.error(
                "InvalidDuration",
                field[0] + " '" + field[1] + "' is not a duration such as 90s, 10m or 1h30m"));
      }
    }
  }

  private static void maxParallel(Integer maxParallel, List<Problem> problems) {
    if (maxParallel != null && (maxParallel < 1 || maxParallel > 64)) {
      problems.add(
          Problem.error(
              "MaxParallelOutOfRange",
              "maxParallel " + maxParallel + " is outside 1..64 (gpaddmirrors -B)"));
    }
  }

  private static void bases(PortsSpec ports, List<Problem> problems) {
    base("ports.mirrorBase", ports.getMirrorBase(), problems);
    base("ports.mirrorReplicationBase", ports.getMirrorReplicationBase(), problems);
    base("ports.replicationBase", ports.getReplicationBase(), problems);
  }

  private static void ports(PortsSpec ports, SegmentConfiguration cluster, List<Problem> problems) {
    if (!cluster.family().hasReplicationPorts()
        && (ports.getMirrorReplicationBase() != null || ports.getReplicationBase() != null)) {
      problems.add(
          Problem.warning(
              "ReplicationPortsIgnored",
              "ports.mirrorReplicationBase and ports.replicationBase only apply to Greenplum"
                  + " 4.3/5; this cluster is "
                  + cluster.family().label()
                  + " and they are ignored"));
    }
  }

  private static void base(String field, Integer port, List<Problem> problems) {
    if (port != null && (port < 1 || port > 65535)) {
      problems.add(Problem.error("PortOutOfRange", field + " " + port + " is outside 1..65535"));
    }
  }

  private static void dataLocations(
      List<String> locations, int primariesPerHost, List<Problem> problems) {
    if (locations.isEmpty()) {
      problems.add(
          Problem.error(
              "MissingDataDirectories",
              "dataDirectories needs at least one absolute location, e.g. /data/mirror"));
      return;
    }
    if (locations.size() != 1 && locations.size() != primariesPerHost) {
      problems.add(
          Problem.error(
              "DataLocationCount",
              "dataDirectories has "
                  + locations.size()
                  + " locations: give 1 for all mirrors, or "
                  + primariesPerHost
                  + " (one per primary on a host, as gpaddmirrors asks)"));
    }
  }

  private static void spreadHosts(
      SegmentConfiguration cluster, MirrorHosts hosts, List<Problem> problems) {
    Set<String> mirrorHosts = new HashSet<>(hosts.names());
    for (Map.Entry<String, List<Segment>> entry : cluster.primariesByHost().entrySet()) {
      int others = mirrorHosts.size() - (mirrorHosts.contains(entry.getKey()) ? 1 : 0);
      int primaries = entry.getValue().size();
      if (others < primaries) {
        problems.add(
            Problem.error(
                "SpreadNeedsMoreHosts",
                "Spread puts the "
                    + primaries
                    + " mirrors of host "
                    + entry.getKey()
                    + "'s primaries on as many other hosts, but only "
                    + others
                    + " other mirror host(s) exist: Spread needs more hosts than primaries per"
                    + " host; use Group or add hosts"));
        return;
      }
    }
  }
}
