package io.greenplum.mirrors.model;

/**
 * One row of the coordinator's gp_stat_replication: a WAL sender on the primary of a content. A
 * registered mirror that is not streaming shows a row with only the content and {@code syncError}
 * ("none"); a base backup shows rows named pg_basebackup in states backup/streaming.
 *
 * @param content gp_segment_id
 * @param state backup, catchup, streaming, or null
 * @param syncState async, sync, or null
 * @param replayLagSeconds replay_lag in seconds: how long ago the WAL the mirror replayed last was
 *     written on the primary; null when none is measured (caught up and idle, or before 6's 9.4
 *     views, which have no lag columns)
 */
public record ReplicationRow(
    int content,
    String applicationName,
    String state,
    String sentLsn,
    String writeLsn,
    String flushLsn,
    String replayLsn,
    Integer syncPriority,
    String syncState,
    String syncError,
    Double replayLagSeconds) {

  /** The mirror's own WAL receiver ("gp_walreceiver"), as opposed to a base backup's sender. */
  public boolean isMirrorWalReceiver() {
    return "gp_walreceiver".equals(applicationName);
  }

  /** A pg_basebackup of this content's primary is running. */
  public boolean isBaseBackup() {
    return "pg_basebackup".equals(applicationName);
  }

  /** The row of a registered mirror with no WAL sender: everything but content and error null. */
  public boolean isEmpty() {
    return applicationName == null && state == null;
  }

  /** WAL the mirror has been sent but not replayed yet, in bytes; null when not streaming. */
  public Long bytesNotReplayed() {
    Long behind = Lsn.diff(sentLsn, replayLsn);
    return behind == null ? null : Math.max(0, behind);
  }
}
