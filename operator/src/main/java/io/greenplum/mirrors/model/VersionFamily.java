package io.greenplum.mirrors.model;

/** The two shapes of the segment catalog: file replication (4.3/5) and WAL replication (6+). */
public enum VersionFamily {
  /** Greenplum 4.3 and 5: replication_port column, data directories in pg_filespace_entry. */
  GP4_GP5("4.3/5"),
  /** Greenplum 6, 7 and Apache Cloudberry: datadir column, WAL replication. */
  GP6_PLUS("6+");

  private final String label;

  VersionFamily(String label) {
    this.label = label;
  }

  /** How a DBA names it: "4.3/5" or "6+". */
  public String label() {
    return label;
  }

  /** Whether instances carry replication ports (4.3/5 file replication). */
  public boolean hasReplicationPorts() {
    return this == GP4_GP5;
  }
}
