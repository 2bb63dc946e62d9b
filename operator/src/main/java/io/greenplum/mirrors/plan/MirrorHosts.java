package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.api.MirrorHost;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hosts that receive mirrors, sorted by name as gpaddmirrors sorts them, and the address a
 * mirror on each host is registered with.
 */
final class MirrorHosts {
  private final SegmentConfiguration cluster;
  private final List<String> names;
  private final Map<String, MirrorHost> declared;
  private final Map<String, String> hostByAddress = new HashMap<>();

  MirrorHosts(SegmentConfiguration cluster, List<MirrorHost> declaredHosts) {
    this.cluster = cluster;
    this.declared = new TreeMap<>();
    for (MirrorHost host : declaredHosts) {
      if (host != null && host.getName() != null && !host.getName().isBlank()) {
        declared.putIfAbsent(host.getName(), host);
      }
    }
    this.names =
        declared.isEmpty() ? cluster.primaryHosts() : List.copyOf(new TreeSet<>(declared.keySet()));
    for (MirrorHost host : declared.values()) {
      if (host.getAddress() != null) {
        hostByAddress.put(host.getAddress(), host.getName());
      }
    }
    for (Segment segment : cluster.segments()) {
      hostByAddress.put(segment.address(), segment.hostname());
    }
  }

  /** Mirror host names, sorted. */
  List<String> names() {
    return names;
  }

  /**
   * The address for a mirror of {@code primary} on {@code target}: the declared one, else the one
   * gpaddmirrors picks among the target's primary addresses (the address after the primary's own,
   * in sorted order, so mirrors use another interface than their primary), else the name.
   */
  String addressFor(Segment primary, String target) {
    MirrorHost host = declared.get(target);
    if (host != null && host.getAddress() != null && !host.getAddress().isBlank()) {
      return host.getAddress();
    }
    SortedMap<String, List<Segment>> byHost = cluster.primariesByHost();
    List<Segment> onTarget = byHost.get(target);
    if (onTarget == null) {
      return target;
    }
    List<String> primaryAddresses = distinctSorted(byHost.get(primary.hostname()));
    List<String> targetAddresses = distinctSorted(onTarget);
    int index = (primaryAddresses.indexOf(primary.address()) + 1) % primaryAddresses.size();
    return targetAddresses.get(index % targetAddresses.size());
  }

  /** The segment host whose address this is: a primary's host, a declared host, or itself. */
  String hostForAddress(String address) {
    return hostByAddress.getOrDefault(address, address);
  }

  private static List<String> distinctSorted(List<Segment> segments) {
    return new ArrayList<>(new TreeSet<>(segments.stream().map(Segment::address).toList()));
  }
}
