package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.model.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * gpaddmirrors' GpMirrorBuildCalculator placement, generalised to mirror hosts that differ from the
 * primaries' hosts. Primary hosts are taken in name order and each host's primaries in port order.
 * A primary host's mirrors start at the mirror host after it (when it is a mirror host too) or at
 * the mirror host with its own index (when it is not).
 *
 * <ul>
 *   <li>Group: every primary of the host goes to that first mirror host.
 *   <li>Spread: the k-th primary goes k-1 hosts further on, skipping the primary's own host.
 * </ul>
 *
 * With the mirror hosts equal to the primary hosts this is exactly gpaddmirrors: Group sends
 * hosts[i] to hosts[(i+1) % n], Spread sends the k-th primary of hosts[i] to hosts[(i+k) % n].
 */
final class HostAssignment {
  /** A primary and the host its mirror goes to. */
  record Assignment(Segment primary, String targetHost) {}

  private HostAssignment() {}

  static List<Assignment> group(Map<String, List<Segment>> primariesByHost, List<String> hosts) {
    List<Assignment> result = new ArrayList<>();
    Map<String, Integer> positions = positions(hosts);
    int hostIndex = 0;
    for (Map.Entry<String, List<Segment>> entry : primariesByHost.entrySet()) {
      String target = hosts.get(start(entry.getKey(), hostIndex++, positions) % hosts.size());
      for (Segment primary : entry.getValue()) {
        result.add(new Assignment(primary, target));
      }
    }
    return result;
  }

  static List<Assignment> spread(Map<String, List<Segment>> primariesByHost, List<String> hosts) {
    List<Assignment> result = new ArrayList<>();
    Map<String, Integer> positions = positions(hosts);
    int hostIndex = 0;
    int n = hosts.size();
    for (Map.Entry<String, List<Segment>> entry : primariesByHost.entrySet()) {
      String primaryHost = entry.getKey();
      int start = start(primaryHost, hostIndex++, positions);
      int offset = 0;
      for (Segment primary : entry.getValue()) {
        if (hosts.get((start + offset) % n).equals(primaryHost)) {
          offset++;
        }
        result.add(new Assignment(primary, hosts.get((start + offset) % n)));
        offset++;
      }
    }
    return result;
  }

  private static int start(String primaryHost, int primaryHostIndex, Map<String, Integer> hosts) {
    Integer own = hosts.get(primaryHost);
    return own != null ? own + 1 : primaryHostIndex;
  }

  private static Map<String, Integer> positions(List<String> hosts) {
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      positions.put(hosts.get(i), i);
    }
    return positions;
  }
}
