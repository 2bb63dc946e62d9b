package io.greenplum.mirrors.model;

/**
 * Which generation of segment tools and settings a WAL-replicating release uses: what a base backup
 * is run with, which file makes a data directory a standby, how a utility-mode session is asked for
 * (DESIGN.md "Greenplum 6"; fixtures/gp7-real for Greenplum 7).
 */
public enum SegmentTools {
  /**
   * Greenplum 6 (PostgreSQL 9.4): the replication slot is created by SQL before the copy,
   * pg_basebackup streams with --xlog-method, recovery settings live in recovery.conf, a utility
   * session sets gp_session_role.
   */
  GREENPLUM_6("recovery.conf", "gp_session_role", "9.4"),
  /**
   * Greenplum 7 and Apache Cloudberry (PostgreSQL 12+): pg_basebackup creates the slot
   * (--create-slot), streams with --wal-method, writes standby.signal; a utility session sets
   * gp_role.
   */
  GREENPLUM_7("standby.signal", "gp_role", "12");

  /** The replication slot a primary keeps for its mirror. */
  public static final String REPLICATION_SLOT = "internal_wal_replication_slot";

  private final String standbyFile;
  private final String utilityRoleSetting;
  private final String postgresMajor;

  SegmentTools(String standbyFile, String utilityRoleSetting, String postgresMajor) {
    this.standbyFile = standbyFile;
    this.utilityRoleSetting = utilityRoleSetting;
    this.postgresMajor = postgresMajor;
  }

  /** The file whose presence makes a data directory start as a standby. */
  public String standbyFile() {
    return standbyFile;
  }

  /** The setting a connection to a segment sets to "utility" (in the options parameter). */
  public String utilityRoleSetting() {
    return utilityRoleSetting;
  }

  /** The startup options of a utility-mode connection to a segment: "-c gp_role=utility". */
  public String utilityOptions() {
    return "-c " + utilityRoleSetting + "=utility";
  }

  /** PG_VERSION of a data directory of this generation (Greenplum 7: "12"). */
  public String postgresMajor() {
    return postgresMajor;
  }
}
