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

  /**
   * An existing mirror as the catalog holds it ({@code mirror} its row, {@code primary} the
   * instance it copies from): what a pod is built from for a mirror that is already registered.
   */
  public static PlannedMirror of(Segment mirror, Segment primary) {
    return new PlannedMirror(
        mirror.content(),
        mirror.dbid(),
        primary,
        mirror.hostname(),
        mirror.address(),
        mirror.port(),
        DataDirectories.normalize(mirror.dataDirectory()),
        mirror.replicationPort(),
        null);
  }

  /** "host:port", as gpstate shows an instance. */
  public String hostPort() {
    return hostname + ":" + port;
  }
}
