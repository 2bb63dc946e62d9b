package io.greenplum.mirrors.api;

/**
 * How a failed mirror is rebuilt: pg_rewind (gprecoverseg) or a new base backup (gprecoverseg -F).
 */
public enum RecoveryMode {
  Incremental,
  Full
}
