package io.greenplum.mirrors.catalog;

import io.greenplum.mirrors.catalog.CatalogException.Reason;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.VersionFamily;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.postgresql.util.PGInterval;

/**
 * Maps catalog rows to records, reading columns by name: releases add columns (Cloudberry's
 * warehouseid) and Greenplum 6 names WAL positions *_location where 7 says *_lsn.
 */
final class CatalogRows {
  private static final List<String> SEGMENT_COLUMNS =
      java.util.stream.Stream.concat(
              Segment.CATALOG_COLUMNS.stream(), java.util.stream.Stream.of("datadir"))
          .toList();

  private CatalogRows() {}

  static List<Segment> segments(ResultSet rs, VersionFamily family)
      throws SQLException, CatalogException {
    Set<String> columns = columns(rs);
    List<String> missing = SEGMENT_COLUMNS.stream().filter(c -> !columns.contains(c)).toList();
    if (family.hasReplicationPorts() && !columns.contains("replication_port")) {
      missing = new ArrayList<>(missing);
      missing.add("replication_port");
    }
    if (!missing.isEmpty()) {
      throw new CatalogException(
          Reason.CatalogShape,
          "gp_segment_configuration has no column(s) "
              + String.join(", ", missing)
              + ": not the catalog of a Greenplum "
              + family.label()
              + " coordinator");
    }
    List<Segment> segments = new ArrayList<>();
    while (rs.next()) {
      segments.add(segment(rs, family));
    }
    return segments;
  }

  private static Segment segment(ResultSet rs, VersionFamily family)
      throws SQLException, CatalogException {
    int dbid = rs.getInt("dbid");
    Role role = Role.fromCode(rs.getString("role"));
    Role preferred = Role.fromCode(rs.getString("preferred_role"));
    SegmentMode mode = SegmentMode.fromCode(rs.getString("mode"));
    SegmentStatus status = SegmentStatus.fromCode(rs.getString("status"));
    if (role == null || preferred == null || mode == null || status == null) {
      throw new CatalogException(
          Reason.CatalogShape,
          "gp_segment_configuration row dbid "
              + dbid
              + " has a role, preferred_role, mode or status this operator does not know");
    }
    Integer replicationPort = null;
    if (family.hasReplicationPorts()) {
      int port = rs.getInt("replication_port");
      replicationPort = rs.wasNull() ? null : port;
    }
    return new Segment(
        dbid,
        rs.getInt("content"),
        role,
        preferred,
        mode,
        status,
        rs.getInt("port"),
        rs.getString("hostname"),
        rs.getString("address"),
        rs.getString("datadir"),
        replicationPort);
  }

  static List<ReplicationRow> replication(ResultSet rs) throws SQLException, CatalogException {
    Set<String> columns = columns(rs);
    String suffix = columns.contains("sent_lsn") ? "_lsn" : "_location";
    for (String required : List.of("gp_segment_id", "state", "sent" + suffix, "sync_state")) {
      if (!columns.contains(required)) {
        throw new CatalogException(
            Reason.CatalogShape, "gp_stat_replication has no column " + required);
      }
    }
    List<ReplicationRow> rows = new ArrayList<>();
    while (rs.next()) {
      int priority = columns.contains("sync_priority") ? rs.getInt("sync_priority") : 0;
      boolean noPriority = !columns.contains("sync_priority") || rs.wasNull();
      rows.add(
          new ReplicationRow(
              rs.getInt("gp_segment_id"),
              columns.contains("application_name") ? rs.getString("application_name") : null,
              rs.getString("state"),
              rs.getString("sent" + suffix),
              rs.getString("write" + suffix),
              rs.getString("flush" + suffix),
              rs.getString("replay" + suffix),
              noPriority ? null : priority,
              rs.getString("sync_state"),
              columns.contains("sync_error") ? rs.getString("sync_error") : null,
              columns.contains("replay_lag") ? seconds(rs.getObject("replay_lag")) : null));
    }
    return rows;
  }

  /** An interval column in seconds, to the microsecond (pgjdbc reads a PGInterval); or null. */
  private static Double seconds(Object interval) {
    if (!(interval instanceof PGInterval i)) {
      return null;
    }
    double days = i.getYears() * 365.25 + i.getMonths() * 30.0 + i.getDays();
    double seconds = (days * 24 + i.getHours()) * 3600 + i.getMinutes() * 60.0 + i.getSeconds();
    return Math.round(seconds * 1e6) / 1e6;
  }

  private static Set<String> columns(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    Set<String> names = new HashSet<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      names.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
