package io.greenplum.mirrors.catalog;

import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.plan.MirrorPlan;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The few catalog calls the operator makes on a Greenplum coordinator. One is opened per pass and
 * closed at its end: its calls share one coordinator connection.
 */
public interface GreenplumCatalog extends AutoCloseable {

  /** Closes the pass's coordinator connection, if one was opened. */
  @Override
  default void close() {}

  /** The coordinator's release, from version(). */
  GreenplumVersion version() throws CatalogException;

  /** gp_segment_configuration (with pg_filespace_entry's data directories on 4.3/5). */
  SegmentConfiguration segmentConfiguration() throws CatalogException;

  /** gp_stat_replication on 6+; empty on 4.3/5, where the catalog mode is all there is. */
  List<ReplicationRow> replication() throws CatalogException;

  /**
   * Registers a mirror for every content in one transaction, as gpaddmirrors does, or nothing. When
   * every content already has the planned mirror, returns their dbids and writes nothing.
   */
  MirrorRegistration registerMirrors(MirrorPlan plan) throws CatalogException;

  /** Removes every mirror row in one transaction, only once FTS has marked every mirror down. */
  int removeMirrors() throws CatalogException;

  /**
   * Moves the mirror of {@code content} to {@code to}, as gprecoverseg and gpmovemirrors update the
   * catalog for a mirror that moves (configurationImplGpdb.py, updateSystemConfigRemoveAddMirror):
   * in one transaction, gp_remove_segment_mirror(content), gp_add_segment with the same dbid at the
   * new place ('m', 'm', 'n', 'd') and a history row; the content never lacks a mirror row at
   * commit. Only while FTS has the mirror marked down. True when moved; false when the row is
   * already there (nothing written).
   */
  boolean moveMirror(int content, int dbid, MirrorLocation to) throws CatalogException;

  /** Asks FTS for a probe now (gp_request_fts_probe_scan) instead of at its next interval. */
  void requestFtsProbe() throws CatalogException;

  /**
   * gp_fts_mark_mirror_down_grace_period: how long a primary reports a stopped mirror as up; a
   * probe requested after it marks the mirror down at once (timing.md).
   */
  Duration ftsGracePeriod() throws CatalogException;

  /**
   * The mirror dbids this operator registered, read from gp_configuration_history: those whose
   * latest "inserted" row is the operator's own. Written in the registering transaction, so it is
   * true even when the operator stopped right after the commit; mirrors added by gpaddmirrors are
   * not among them.
   */
  Set<Integer> registeredByOperator() throws CatalogException;

  /**
   * Creates internal_wal_replication_slot on {@code primary} (utility mode) unless it exists, as
   * Greenplum 6's utilities do before a base backup; true when it was created.
   */
  boolean createReplicationSlot(Segment primary) throws CatalogException;

  /**
   * Drops internal_wal_replication_slot on {@code primary} (utility mode) if it exists: a slot left
   * behind pins WAL on the primary; true when one was dropped.
   */
  boolean dropReplicationSlot(Segment primary) throws CatalogException;

  /**
   * CHECKPOINT on {@code primary} (utility mode, as the operator's superuser): before a directory
   * that ran as a primary is rewound against it, its control file must name the timeline of its
   * promotion (operator-failover-rebalance-on-real-cluster.txt, rule 3), and CHECKPOINT needs a
   * superuser (operator-day2-on-real-cluster.txt section 9), which the replication role is not.
   */
  void checkpoint(Segment primary) throws CatalogException;

  /**
   * Why a pg_rewind as {@code user} of a directory of {@code instance}'s content would be refused
   * (no data checksums nor wal_log_hints; a role that is not a superuser without the grants
   * pg_rewind needs), or null when it can work; read on a utility connection to {@code instance}, a
   * running primary whose catalog its mirror shares.
   */
  String rewindRefusal(Segment instance, String user) throws CatalogException;

  /**
   * The user tablespaces (all but pg_default and pg_global), each as "name (location)", in name
   * order. pg_basebackup writes each one to its location on the mirror's host, where a mirror pod
   * has no volume.
   */
  List<String> userTablespaces() throws CatalogException;

  /**
   * The newest gp_configuration_history row whose desc starts with {@code prefix}, or null: how the
   * operator reads which MirrorSet claimed the cluster.
   */
  String latestHistory(String prefix) throws CatalogException;

  /**
   * One gp_configuration_history row for {@code dbid}, written as the utilities write theirs (one
   * transaction, allow_system_table_mods set locally).
   */
  void recordHistory(int dbid, String desc) throws CatalogException;
}
