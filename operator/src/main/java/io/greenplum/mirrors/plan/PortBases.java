package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.api.PortsSpec;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.List;
import java.util.Map;

/**
 * The first port of each kind on a host. gpaddmirrors: mirror = lowest primary port on the host +
 * p, mirror replication = lowest + 2p, primary replication = lowest + 3p (4.3/5); a host without
 * primaries counts the lowest primary port of the cluster. An explicit base replaces lowest + k*p.
 */
final class PortBases {
  private final Map<String, List<Segment>> primariesByHost;
  private final int lowestOverall;
  private final int offset;
  private final PortsSpec ports;

  PortBases(SegmentConfiguration cluster, PortsSpec ports) {
    this.primariesByHost = cluster.primariesByHost();
    this.lowestOverall = cluster.primaries().stream().mapToInt(Segment::port).min().orElse(0);
    this.ports = ports;
    this.offset = ports.getOffset() == null ? 1000 : ports.getOffset();
  }

  int mirror(String host) {
    return ports.getMirrorBase() != null ? ports.getMirrorBase() : lowest(host) + offset;
  }

  int mirrorReplication(String host) {
    return ports.getMirrorReplicationBase() != null
        ? ports.getMirrorReplicationBase()
        : lowest(host) + 2 * offset;
  }

  int primaryReplication(String host) {
    return ports.getReplicationBase() != null
        ? ports.getReplicationBase()
        : lowest(host) + 3 * offset;
  }

  private int lowest(String host) {
    List<Segment> onHost = primariesByHost.get(host);
    // primariesByHost lists each host's primaries by port, lowest first
    return onHost == null ? lowestOverall : onHost.get(0).port();
  }
}
