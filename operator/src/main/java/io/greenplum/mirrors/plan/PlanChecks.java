package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks a plan against the cluster as gpaddmirrors' checkForPortAndDirectoryConflicts does, and
 * more: port ranges, every port on a host (coordinator, primaries, mirrors, replication ports),
 * every data directory on a host (equal or nested), mirrors on their primary's host.
 */
final class PlanChecks {
  static final int GREENPLUM_MIN_PORT = 6432;
  static final int GREENPLUM_MAX_PORT = 61000;

  private PlanChecks() {}

  static void check(
      MirrorPlan plan,
      SegmentConfiguration cluster,
      boolean allowSameHost,
      List<Problem> problems) {
    for (PlannedMirror m : plan.mirrors()) {
      range(m, "mirror port", m.port(), problems);
      if (m.replicationPort() != null) {
        range(m, "mirror replication port", m.replicationPort(), problems);
        range(m, "primary replication port", m.primaryReplicationPort(), problems);
      }
    }
    portConflicts(plan, cluster, problems);
    directoryConflicts(plan, cluster, problems);
    if (!allowSameHost) {
      sameHost(plan, problems);
    }
  }

  private static void range(PlannedMirror m, String what, int port, List<Problem> problems) {
    if (port < 1 || port > 65535) {
      problems.add(
          Problem.error(
              "PortOutOfRange",
              "content "
                  + m.content()
                  + ": "
                  + what
                  + " "
                  + port
                  + " on host "
                  + m.hostname()
                  + " is outside 1..65535"));
    } else if (port < GREENPLUM_MIN_PORT || port > GREENPLUM_MAX_PORT) {
      problems.add(
          Problem.warning(
              "PortOutsideGreenplumRange",
              "content "
                  + m.content()
                  + ": "
                  + what
                  + " "
                  + port
                  + " on host "
                  + m.hostname()
                  + " is outside "
                  + GREENPLUM_MIN_PORT
                  + ".."
                  + GREENPLUM_MAX_PORT
                  + ", the range gpaddmirrors accepts"));
    }
  }

  private static void portConflicts(
      MirrorPlan plan, SegmentConfiguration cluster, List<Problem> problems) {
    Map<Integer, Integer> plannedPrimaryReplication = new HashMap<>();
    plan.mirrors().stream()
        .filter(m -> m.primaryReplicationPort() != null)
        .forEach(m -> plannedPrimaryReplication.put(m.content(), m.primaryReplicationPort()));
    Map<String, List<String>> users = new LinkedHashMap<>();
    for (Segment s : cluster.segments()) {
      use(users, s.hostname(), s.port(), s.describe());
      Integer replication =
          s.isPreferredPrimary() && plannedPrimaryReplication.containsKey(s.content())
              ? plannedPrimaryReplication.get(s.content())
              : s.replicationPort();
      if (replication != null) {
        use(users, s.hostname(), replication, "replication port of " + s.describe());
      }
    }
    for (PlannedMirror m : plan.mirrors()) {
      use(users, m.hostname(), m.port(), "mirror content " + m.content());
      if (m.replicationPort() != null) {
        use(
            users,
            m.hostname(),
            m.replicationPort(),
            "replication port of mirror content " + m.content());
      }
    }
    users.forEach(
        (hostPort, who) -> {
          if (who.size() > 1) {
            problems.add(
                Problem.error(
                    "PortConflict",
                    "host "
                        + hostPort.replace("\n", ": port ")
                        + " is used by "
                        + String.join(" and ", who)));
          }
        });
  }

  private static void use(Map<String, List<String>> users, String host, int port, String who) {
    users.computeIfAbsent(host + "\n" + port, k -> new ArrayList<>(2)).add(who);
  }

  private static void directoryConflicts(
      MirrorPlan plan, SegmentConfiguration cluster, List<Problem> problems) {
    Map<String, Map<String, String>> dirsByHost = new TreeMap<>();
    for (Segment s : cluster.segments()) {
      String dir = DataDirectories.normalize(s.dataDirectory());
      if (dir != null) {
        claim(dirsByHost, s.hostname(), dir, s.describe(), problems);
      }
    }
    for (PlannedMirror m : plan.mirrors()) {
      claim(dirsByHost, m.hostname(), m.dataDirectory(), "mirror content " + m.content(), problems);
    }
    dirsByHost.forEach(
        (host, dirs) ->
            dirs.forEach(
                (dir, who) -> {
                  for (String up = DataDirectories.parent(dir);
                      up != null;
                      up = DataDirectories.parent(up)) {
                    if (dirs.containsKey(up)) {
                      problems.add(
                          Problem.error(
                              "DataDirectoryConflict",
                              "host "
                                  + host
                                  + ": data directory "
                                  + dir
                                  + " of "
                                  + who
                                  + " lies inside "
                                  + up
                                  + " of "
                                  + dirs.get(up)));
                    }
                  }
                }));
  }

  private static void claim(
      Map<String, Map<String, String>> dirsByHost,
      String host,
      String dir,
      String who,
      List<Problem> problems) {
    String owner = dirsByHost.computeIfAbsent(host, h -> new HashMap<>()).putIfAbsent(dir, who);
    if (owner != null) {
      problems.add(
          Problem.error(
              "DataDirectoryConflict",
              "host " + host + ": data directory " + dir + " is used by " + owner + " and " + who));
    }
  }

  private static void sameHost(MirrorPlan plan, List<Problem> problems) {
    Map<String, List<Integer>> contentsByHost = new TreeMap<>();
    for (PlannedMirror m : plan.mirrors()) {
      if (m.hostname().equals(m.primary().hostname())) {
        contentsByHost.computeIfAbsent(m.hostname(), h -> new ArrayList<>()).add(m.content());
      }
    }
    contentsByHost.forEach(
        (host, contents) ->
            problems.add(
                Problem.error(
                    "MirrorOnPrimaryHost",
                    "host "
                        + host
                        + ": the mirror(s) of content(s) "
                        + contents.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + " would run on the same host as their primary; losing the host would"
                        + " lose both. Add mirror hosts, or set placement.allowSameHost: true"
                        + " for a single-host cluster")));
  }
}
