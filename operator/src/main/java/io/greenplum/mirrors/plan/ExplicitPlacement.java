package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.api.ExplicitMirror;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Explicit plans: one listed mirror per primary content, as a gpaddmirrors -i file gives them.
 * dbids follow the list order, as gpaddmirrors assigns them in file order.
 */
final class ExplicitPlacement {
  private ExplicitPlacement() {}

  static MirrorPlan plan(
      SegmentConfiguration cluster,
      List<ExplicitMirror> entries,
      MirrorHosts hosts,
      List<Problem> problems) {
    Map<Integer, Segment> primaries = cluster.primariesByContent();
    boolean replicationPorts = cluster.family().hasReplicationPorts();
    TreeSet<Integer> seen = new TreeSet<>();
    List<PlannedMirror> mirrors = new ArrayList<>();
    int errorsBefore = (int) problems.stream().filter(Problem::isError).count();
    int dbid = cluster.maxDbid();
    for (int i = 0; i < entries.size(); i++) {
      ExplicitMirror entry = entries.get(i);
      String where = "placement.mirrors[" + i + "]";
      Integer content = entry.getContent();
      if (content == null || !primaries.containsKey(content)) {
        problems.add(
            Problem.error(
                "UnknownContent",
                where
                    + ": content "
                    + content
                    + " has no primary (the cluster's contents are 0.."
                    + (primaries.size() - 1)
                    + ")"));
        continue;
      }
      if (!seen.add(content)) {
        problems.add(
            Problem.error(
                "DuplicateContent", where + ": content " + content + " is listed more than once"));
        continue;
      }
      PlannedMirror mirror =
          mirror(entry, where, primaries.get(content), ++dbid, hosts, replicationPorts, problems);
      if (mirror != null) {
        mirrors.add(mirror);
      }
    }
    List<Integer> missing = primaries.keySet().stream().filter(c -> !seen.contains(c)).toList();
    if (!missing.isEmpty()) {
      problems.add(
          Problem.error(
              "MissingContent",
              "placement.mirrors lists no mirror for content(s) "
                  + missing
                  + ": every primary needs exactly one (specified "
                  + seen.size()
                  + " mirror(s) for "
                  + primaries.size()
                  + " primaries)"));
    }
    long errorsAfter = problems.stream().filter(Problem::isError).count();
    return errorsAfter > errorsBefore
        ? null
        : new MirrorPlan(cluster.family(), PlacementStrategy.Explicit, mirrors);
  }

  private static PlannedMirror mirror(
      ExplicitMirror entry,
      String where,
      Segment primary,
      int dbid,
      MirrorHosts hosts,
      boolean replicationPorts,
      List<Problem> problems) {
    int before = problems.size();
    String host = entry.getHost();
    if (host == null || host.isBlank()) {
      host = entry.getAddress() == null ? null : hosts.hostForAddress(entry.getAddress());
    }
    if (host == null || host.isBlank()) {
      problems.add(Problem.error("MissingHost", where + ": give the mirror's host or address"));
    }
    if (entry.getPort() == null) {
      problems.add(Problem.error("MissingPort", where + ": give the mirror's port"));
    }
    String dir = DataDirectories.normalize(entry.getDataDirectory());
    if (dir == null) {
      problems.add(
          Problem.error(
              "RelativeDataLocation",
              where
                  + ": dataDirectory '"
                  + entry.getDataDirectory()
                  + "' must be an absolute path such as /data/mirror/gpseg"
                  + primary.content()));
    }
    if (replicationPorts
        && (entry.getReplicationPort() == null || entry.getPrimaryReplicationPort() == null)) {
      problems.add(
          Problem.error(
              "MissingReplicationPort",
              where
                  + ": Greenplum 4.3/5 needs replicationPort and primaryReplicationPort for"
                  + " content "
                  + primary.content()));
    }
    if (problems.size() > before) {
      return null;
    }
    String address =
        entry.getAddress() != null && !entry.getAddress().isBlank()
            ? entry.getAddress()
            : hosts.addressFor(primary, host);
    return new PlannedMirror(
        primary.content(),
        dbid,
        primary,
        host,
        address,
        entry.getPort(),
        dir,
        replicationPorts ? entry.getReplicationPort() : null,
        replicationPorts ? entry.getPrimaryReplicationPort() : null);
  }
}
