package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.model.Segment;

/**
 * One mirror of the plan: a line of the gpaddmirrors config file, plus the dbid it would get.
 *
 * @param replicationPort 4.3/5: the mirror's replication port; null on 6+
 * @param primaryReplicationPort 4.3/5: the primary's replication port for this pair; null on 6+
 */
public record PlannedMirror(
    int content,
    int dbid,
    Segment primary,
    String hostname,
    String address,
    int port,
    String dataDirectory,
    Integer replicationPort,
    Integer primaryReplicationPort) {

  /** "host:port", as gpstate shows an instance. */
  public String hostPort() {
    return hostname + ":" + port;
  }
}
