package io.greenplum.mirrors.model;

import java.util.Objects;

/**
 * One row of gp_segment_configuration: a coordinator, standby, primary or mirror instance.
 *
 * @param dataDirectory the instance's data directory, or null when the catalog dump did not say
 *     (4.3/5 keeps it in pg_filespace_entry)
 * @param replicationPort 4.3/5 file replication port, or null
 */
public record Segment(
    int dbid,
    int content,
    Role role,
    Role preferredRole,
    SegmentMode mode,
    SegmentStatus status,
    int port,
    String hostname,
    String address,
    String dataDirectory,
    Integer replicationPort) {

  /** The gp_segment_configuration columns of every release (datadir or replication_port aside). */
  public static final java.util.List<String> CATALOG_COLUMNS =
      java.util.List.of(
          "dbid",
          "content",
          "role",
          "preferred_role",
          "mode",
          "status",
          "port",
          "hostname",
          "address");

  public Segment {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(preferredRole, "preferredRole");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(address, "address");
  }

  /** Its catalog row says s and u: in sync and up (the pair's mode is on both rows). */
  public boolean isSynchronizedAndUp() {
    return mode == SegmentMode.SYNCHRONIZED && status == SegmentStatus.UP;
  }

  /** The coordinator or its standby (content -1). */
  public boolean isCoordinatorOrStandby() {
    return content < 0;
  }

  /** A segment instance that was made a primary (gpaddmirrors: isSegmentPrimary(False)). */
  public boolean isPreferredPrimary() {
    return content >= 0 && preferredRole == Role.PRIMARY;
  }

  /** A segment instance that was made a mirror, whatever it acts as now. */
  public boolean isPreferredMirror() {
    return content >= 0 && preferredRole == Role.MIRROR;
  }

  /** This row with another data directory. */
  public Segment withDataDirectory(String dir) {
    return new Segment(
        dbid,
        content,
        role,
        preferredRole,
        mode,
        status,
        port,
        hostname,
        address,
        dir,
        replicationPort);
  }

  /** How a DBA names the instance in a message, e.g. "primary content 3 (dbid 5)". */
  public String describe() {
    if (isCoordinatorOrStandby()) {
      return (preferredRole == Role.PRIMARY ? "coordinator" : "standby coordinator")
          + " (dbid "
          + dbid
          + ")";
    }
    return (preferredRole == Role.PRIMARY ? "primary" : "mirror")
        + " content "
        + content
        + " (dbid "
        + dbid
        + ")";
  }
}
