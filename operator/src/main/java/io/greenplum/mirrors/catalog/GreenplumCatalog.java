package io.greenplum.mirrors.catalog;

import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorPlan;
import java.util.List;

/** The few catalog calls the operator makes on a Greenplum coordinator. */
public interface GreenplumCatalog {

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

  /** Asks FTS for a probe now (gp_request_fts_probe_scan) instead of at its next interval. */
  void requestFtsProbe() throws CatalogException;
}
