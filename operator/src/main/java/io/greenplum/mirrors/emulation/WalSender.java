package io.greenplum.mirrors.emulation;

/**
 * A WAL sender on an emulated primary, as gp_stat_replication shows it.
 *
 * @param applicationName gp_walreceiver for a mirror, pg_basebackup for a base backup
 * @param state backup, catchup or streaming
 * @param lagSeconds write_lag, flush_lag and replay_lag (null: none measured, as when caught up)
 */
public record WalSender(
    String applicationName,
    String state,
    String sentLsn,
    String writeLsn,
    String flushLsn,
    String replayLsn,
    String syncState,
    Double lagSeconds) {

  /** A mirror's receiver catching up or streaming, not yet in sync (priority 0, async). */
  public static WalSender mirror(
      String state, String sent, String write, String flush, String replay) {
    return new WalSender("gp_walreceiver", state, sent, write, flush, replay, "async", null);
  }

  /** This sender with write, flush and replay lag of {@code seconds}. */
  public WalSender lagging(double seconds) {
    return new WalSender(
        applicationName, state, sentLsn, writeLsn, flushLsn, replayLsn, syncState, seconds);
  }
}
