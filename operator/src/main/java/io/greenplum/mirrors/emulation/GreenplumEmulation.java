package io.greenplum.mirrors.emulation;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.model.VersionFamily;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * An emulated Greenplum coordinator catalog in one PostgreSQL database: installs the emulation
 * (resources emulation/*.sql), loads a cluster, and moves mirrors through the states the real
 * cluster showed (fixtures/gp7-real): registered and not streaming, catching up, in sync, down
 * after a stop, roles swapped after a primary failure, recovered, rebalanced. Test support and the
 * engine of gpmirrors demo; never pointed at a real coordinator.
 */
public final class GreenplumEmulation {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  private final DataSource superuser;
  private final VersionFamily family;
  private volatile SegmentTools tools;

  private GreenplumEmulation(DataSource superuser, VersionFamily family) {
    this.superuser = superuser;
    this.family = family;
    this.tools = family == VersionFamily.GP6_PLUS ? SegmentTools.GREENPLUM_7 : null;
  }

  /**
   * Installs the emulation of {@code family} into {@code database} (which must be empty) and makes
   * its objects shadow pg_catalog's for every new connection.
   */
  public static GreenplumEmulation install(
      DataSource superuser, String database, VersionFamily family) throws SQLException {
    if (!IDENTIFIER.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "database name must match " + IDENTIFIER + ": " + database);
    }
    String script =
        family == VersionFamily.GP4_GP5
            ? "emulation/greenplum4.sql"
            : "emulation/greenplum6plus.sql";
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement()) {
      s.execute(resource(script));
      s.execute(
          "ALTER DATABASE " + database + " SET search_path = gp_emulation, pg_catalog, public");
    }
    return new GreenplumEmulation(superuser, family);
  }

  public VersionFamily family() {
    return family;
  }

  /** The segment tools the emulated release uses (Greenplum 7 unless {@link #useGreenplum6()}). */
  public SegmentTools tools() {
    return tools;
  }

  /**
   * Makes this a Greenplum 6 coordinator: a 9.4-based version(), gp_stat_replication with 9.4's
   * column names, primaries that accept utility sessions by gp_session_role (DESIGN.md).
   */
  public void useGreenplum6() throws SQLException {
    if (family != VersionFamily.GP6_PLUS) {
      throw new IllegalStateException("Greenplum 6 is a 6+ catalog");
    }
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement()) {
      s.execute(resource("emulation/greenplum6.sql"));
    }
    tools = SegmentTools.GREENPLUM_6;
  }

  /** gp_fts_mark_mirror_down_grace_period, in whole seconds as the real setting (rounded up). */
  public void setFtsGracePeriod(Duration grace) throws SQLException {
    setting("fts_mark_mirror_down_grace_period_s", String.valueOf((grace.toMillis() + 999) / 1000));
  }

  /** The primary of {@code content} gets internal_wal_replication_slot (pg_basebackup did it). */
  public void createSlot(int content) throws SQLException {
    update(
        "INSERT INTO gp_emulation.replication_slots VALUES (?, ?) ON CONFLICT DO NOTHING",
        content,
        SegmentTools.REPLICATION_SLOT);
  }

  /** The contents whose primary holds internal_wal_replication_slot. */
  public Set<Integer> slots() throws SQLException {
    Set<Integer> contents = new TreeSet<>();
    try (Connection c = superuser.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT content FROM gp_emulation.replication_slots WHERE slot_name = ?")) {
      s.setString(1, SegmentTools.REPLICATION_SLOT);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          contents.add(rs.getInt(1));
        }
      }
    }
    return contents;
  }

  /** The content of the acting primary listening on {@code address:port}, or -1 when none. */
  int primaryAt(Connection c, String address, int port) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT content FROM gp_emulation.gp_segment_configuration"
                + " WHERE address = ? AND port = ? AND role = 'p' AND content >= 0")) {
      s.setString(1, address);
      s.setInt(2, port);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }
  }

  /**
   * The cluster was made with data checksums (gpinitsystem's default) or without; without, and with
   * wal_log_hints off, pg_rewind refuses its directories.
   */
  public void setDataChecksums(boolean on) throws SQLException {
    setting("data_checksums", on ? "on" : "off");
  }

  /** The DBA's gpconfig -c wal_log_hints -v on and restart: pg_rewind works without checksums. */
  public void setWalLogHints(boolean on) throws SQLException {
    setting("wal_log_hints", on ? "on" : "off");
  }

  /**
   * The DBA's CREATE TABLESPACE {@code name} LOCATION {@code location}, as the catalog shows it.
   */
  public void createTablespace(String name, String location) throws SQLException {
    update(
        "INSERT INTO gp_emulation.user_tablespaces"
            + " SELECT 16400 + count(*), ?, ? FROM gp_emulation.user_tablespaces",
        name,
        location);
  }

  /** The DBA's DROP TABLESPACE {@code name}. */
  public void dropTablespace(String name) throws SQLException {
    update("DELETE FROM gp_emulation.user_tablespaces WHERE spcname = ?", name);
  }

  /**
   * A role besides the admin, as a DBA makes one for replication: LOGIN REPLICATION with a
   * password; with {@code rewindRights}, what pg_rewind needs of a non-superuser (EXECUTE on the
   * file functions and TEMPORARY, operator-day2-on-real-cluster.txt section 9), granted in this
   * database, the one the primaries' utility sessions open here (whose TEMPORARY is taken from
   * PUBLIC, as the real cluster's template1 had it).
   */
  public void createReplicationRole(String role, String password, boolean rewindRights)
      throws SQLException {
    if (!IDENTIFIER.matcher(role).matches()) {
      throw new IllegalArgumentException("role name must match " + IDENTIFIER + ": " + role);
    }
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE ROLE "
              + role
              + " LOGIN REPLICATION PASSWORD '"
              + password.replace("'", "''")
              + "'");
      // As on the real cluster, where template1 refused the role TEMPORARY until it was granted.
      s.execute("REVOKE TEMPORARY ON DATABASE " + c.getCatalog() + " FROM PUBLIC");
    }
    if (rewindRights) {
      grantRewindRights(role);
    }
  }

  /**
   * What the README has the DBA grant {@code role} for pg_rewind (operator-day2-on-real-cluster.txt
   * section 9): EXECUTE on the four file functions and TEMPORARY on the utility sessions' database.
   */
  public void grantRewindRights(String role) throws SQLException {
    if (!IDENTIFIER.matcher(role).matches()) {
      throw new IllegalArgumentException("role name must match " + IDENTIFIER + ": " + role);
    }
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement()) {
      for (String function :
          List.of(
              "pg_catalog.pg_ls_dir(text, boolean, boolean)",
              "pg_catalog.pg_stat_file(text, boolean)",
              "pg_catalog.pg_read_binary_file(text)",
              "pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean)")) {
        s.execute("GRANT EXECUTE ON FUNCTION " + function + " TO " + role);
      }
      s.execute("GRANT TEMPORARY ON DATABASE " + c.getCatalog() + " TO " + role);
    }
  }

  /** What version() returns, e.g. a Cloudberry or Greenplum 6 version string. */
  public void setVersion(String versionString) throws SQLException {
    setting("version", versionString);
  }

  /**
   * A segment is down and FTS has not acted yet: dispatched queries, gp_stat_replication among
   * them, fail with "FTS detected one or more segments are down" (query-error.primary-down.txt).
   */
  public void segmentDownForDispatch(boolean down) throws SQLException {
    setting("segment_down_for_dispatch", down ? "on" : "off");
  }

  /** Makes gp_request_fts_probe_scan() take this long, as a busy real probe does. */
  public void setFtsProbeDelay(Duration delay) throws SQLException {
    setting("fts_probe_delay_ms", String.valueOf(delay.toMillis()));
  }

  /** Loads a cluster as it is, even a partially mirrored one (as a real catalog can hold it). */
  public void load(SegmentConfiguration cluster) throws SQLException {
    String insert =
        family == VersionFamily.GP4_GP5
            ? "INSERT INTO gp_emulation.gp_segment_configuration"
                + " (dbid, content, role, preferred_role, mode, status, port, hostname, address,"
                + " replication_port) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            : "INSERT INTO gp_emulation.gp_segment_configuration"
                + " (dbid, content, role, preferred_role, mode, status, port, hostname, address,"
                + " datadir) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    inTransaction(
        c -> {
          internal(c);
          execute(c, "SET LOCAL gp_emulation.allow_partial_mirroring = on");
          try (PreparedStatement s = c.prepareStatement(insert)) {
            for (Segment seg : cluster.segments()) {
              s.setInt(1, seg.dbid());
              s.setInt(2, seg.content());
              s.setString(3, String.valueOf(seg.role().code()));
              s.setString(4, String.valueOf(seg.preferredRole().code()));
              s.setString(5, String.valueOf(seg.mode().code()));
              s.setString(6, String.valueOf(seg.status().code()));
              s.setInt(7, seg.port());
              s.setString(8, seg.hostname());
              s.setString(9, seg.address());
              if (family == VersionFamily.GP4_GP5) {
                s.setObject(10, seg.replicationPort());
              } else {
                s.setString(10, seg.dataDirectory());
              }
              s.addBatch();
            }
            s.executeBatch();
          }
        });
  }

  /** 4.3/5: the pg_system locations of pg_filespace_entry, keyed by dbid. */
  public void loadFilespaces(Map<Integer, String> locationByDbid) throws SQLException {
    inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO gp_emulation.pg_filespace_entry VALUES (3052, ?, ?)")) {
            for (Map.Entry<Integer, String> e : locationByDbid.entrySet()) {
              s.setInt(1, e.getKey());
              s.setString(2, e.getValue());
              s.addBatch();
            }
            s.executeBatch();
          }
        });
  }

  /**
   * Registers mirrors as gpaddmirrors did on the real cluster: gp_add_segment and a history row per
   * mirror, in one transaction. The rows read m/m/n/d afterwards.
   */
  public void registerMirrors(List<Segment> mirrors) throws SQLException {
    inTransaction(
        c -> {
          execute(c, "SET LOCAL allow_system_table_mods = on");
          for (Segment m : mirrors) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT gp_add_segment(?::int2, ?::int2, 'm', 'm', 'n', 'd', ?, ?, ?, ?)")) {
              s.setInt(1, m.dbid());
              s.setInt(2, m.content());
              s.setInt(3, m.port());
              s.setString(4, m.hostname());
              s.setString(5, m.address());
              s.setString(6, m.dataDirectory());
              s.executeQuery().close();
            }
            history(
                c,
                m.dbid(),
                "gpaddmirrors: segment config for resync: inserted mirror segment configuration");
          }
        });
  }

  /** The mirror of {@code content} connects to its primary: its WAL sender row, replacing any. */
  public void walSender(int content, WalSender sender) throws SQLException {
    inTransaction(
        c -> {
          try (PreparedStatement d =
              c.prepareStatement(
                  "DELETE FROM gp_emulation.walsenders WHERE gp_segment_id = ? AND application_name = ?")) {
            d.setInt(1, content);
            d.setString(2, sender.applicationName());
            d.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO gp_emulation.walsenders (gp_segment_id, pid, usesysid, usename,"
                      + " application_name, client_addr, client_port, backend_start, state,"
                      + " sent_lsn, write_lsn, flush_lsn, replay_lsn, write_lag, flush_lag,"
                      + " replay_lag, sync_priority, sync_state, reply_time) VALUES (?, 20000 + ?,"
                      + " 10, 'gpadmin', ?, '127.0.0.1', 40000 + ?, now(), ?, ?::pg_lsn,"
                      + " ?::pg_lsn, ?::pg_lsn, ?::pg_lsn, make_interval(secs => ?),"
                      + " make_interval(secs => ?), make_interval(secs => ?),"
                      + " CASE WHEN ? = 'sync' THEN 1 ELSE 0 END, ?, now())")) {
            s.setInt(1, content);
            s.setInt(2, content);
            s.setString(3, sender.applicationName());
            s.setInt(4, content);
            s.setString(5, sender.state());
            s.setString(6, sender.sentLsn());
            s.setString(7, sender.writeLsn());
            s.setString(8, sender.flushLsn());
            s.setString(9, sender.replayLsn());
            for (int i = 10; i <= 12; i++) {
              if (sender.lagSeconds() == null) {
                s.setNull(i, java.sql.Types.DOUBLE);
              } else {
                s.setDouble(i, sender.lagSeconds());
              }
            }
            s.setString(13, sender.syncState());
            s.setString(14, sender.syncState());
            s.executeUpdate();
          }
          setStopped(c, content, false);
        });
  }

  /** Every WAL sender of {@code content} goes away (mirror stopped, or promoted). */
  public void dropWalSenders(int content) throws SQLException {
    update("DELETE FROM gp_emulation.walsenders WHERE gp_segment_id = ?", content);
  }

  /** The mirror process of {@code content} stops: its WAL sender row empties at once. */
  public void stopMirror(int content) throws SQLException {
    inTransaction(
        c -> {
          dropWalSenders(c, content);
          setStopped(c, content, true);
        });
  }

  /**
   * The acting primary of {@code content} stops (fast shutdown): its WAL senders go, dispatched
   * queries fail, and the next FTS probe promotes its mirror if the pair was in sync.
   */
  public void stopPrimary(int content) throws SQLException {
    inTransaction(
        c -> {
          dropWalSenders(c, content);
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO gp_emulation.primary_processes VALUES (?, now())"
                      + " ON CONFLICT (content) DO UPDATE SET stopped_at = EXCLUDED.stopped_at")) {
            s.setInt(1, content);
            s.executeUpdate();
          }
        });
  }

  /** The acting primary of {@code content} runs again (before FTS replaced it). */
  public void startPrimary(int content) throws SQLException {
    update("DELETE FROM gp_emulation.primary_processes WHERE content = ?", content);
  }

  /** Whether {@code dbid} acts as primary in the catalog. */
  public boolean actsAsPrimary(int dbid) throws SQLException {
    try (Connection c = superuser.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT role = 'p' FROM gp_emulation.gp_segment_configuration WHERE dbid = ?")) {
      s.setInt(1, dbid);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** The segment instances as the catalog lists them now (content -1 left out). */
  public List<Segment> instances() throws SQLException {
    List<Segment> rows = new ArrayList<>();
    try (Connection c = superuser.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT dbid, content, role, preferred_role, mode, status, port, hostname, address"
                    + " FROM gp_emulation.gp_segment_configuration WHERE content >= 0"
                    + " ORDER BY dbid");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Segment(
                rs.getInt(1),
                rs.getInt(2),
                Role.fromCode(rs.getString(3)),
                Role.fromCode(rs.getString(4)),
                SegmentMode.fromCode(rs.getString(5)),
                SegmentStatus.fromCode(rs.getString(6)),
                rs.getInt(7),
                rs.getString(8),
                rs.getString(9),
                null,
                null));
      }
    }
    return rows;
  }

  /** The contents whose acting primary stopped and was not replaced (a primary down). */
  public Set<Integer> stoppedPrimaries() throws SQLException {
    Set<Integer> contents = new TreeSet<>();
    try (Connection c = superuser.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT content FROM gp_emulation.primary_processes WHERE stopped_at IS NOT NULL");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        contents.add(rs.getInt(1));
      }
    }
    return contents;
  }

  /** One FTS probe, as gp_request_fts_probe_scan() runs it. */
  public void ftsProbe() throws SQLException {
    update("SELECT gp_emulation.fts_probe()");
  }

  /** FTS after the grace period: the stopped mirror of {@code content} is marked down. */
  public void markStoppedMirrorDown(int content) throws SQLException {
    update(
        "UPDATE gp_emulation.mirror_processes SET stopped_at = now() - interval '1 day'"
            + " WHERE content = ?",
        content);
    ftsProbe();
  }

  /**
   * The acting primary of {@code content} dies and FTS promotes its in-sync mirror: the old primary
   * becomes m/n/d, the mirror p/n/u, and the content has no standby to stream to.
   */
  public void failPrimary(int content) throws SQLException {
    inTransaction(
        c -> {
          internal(c);
          List<int[]> changed = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE gp_emulation.gp_segment_configuration SET"
                      + " role = CASE role WHEN 'p' THEN 'm' ELSE 'p' END,"
                      + " status = CASE role WHEN 'p' THEN 'd' ELSE 'u' END, mode = 'n'"
                      + " WHERE content = ? RETURNING dbid, role")) {
            s.setInt(1, content);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                changed.add(new int[] {rs.getInt(1), rs.getString(2).charAt(0)});
              }
            }
          }
          // As FTS writes them: the failed primary first, then the promoted mirror.
          changed.sort(java.util.Comparator.comparingInt(row -> row[1] == 'm' ? 0 : 1));
          for (int[] row : changed) {
            char role = (char) row[1];
            history(
                c,
                row[0],
                "FTS: update role, status, and mode for dbid "
                    + row[0]
                    + " with contentid "
                    + content
                    + " to "
                    + role
                    + ", "
                    + (role == 'p' ? 'u' : 'd')
                    + ", and n");
          }
          dropWalSenders(c, content);
        });
  }

  /**
   * What a DBA did in 08-mirrors-removed-mode-still-s.txt: every mirror row removed with
   * gp_remove_segment_mirror() before FTS marked them down; the primaries keep mode s.
   */
  public void removeMirrorRowsAtOnce() throws SQLException {
    inTransaction(
        c -> {
          execute(c, "SET LOCAL allow_system_table_mods = on");
          List<Integer> contents = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT content FROM gp_emulation.gp_segment_configuration"
                          + " WHERE role = 'm' AND content >= 0 ORDER BY content");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              contents.add(rs.getInt(1));
            }
          }
          for (int content : contents) {
            try (PreparedStatement s =
                c.prepareStatement("SELECT gp_remove_segment_mirror(?::int2)")) {
              s.setInt(1, content);
              s.executeQuery().close();
            }
          }
          execute(c, "DELETE FROM gp_emulation.walsenders");
        });
  }

  /** gp_configuration_history, oldest first, as "dbid: desc" lines. */
  public List<String> history() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = superuser.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT dbid, \"desc\" FROM gp_emulation.gp_configuration_history ORDER BY time, dbid");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(rs.getInt(1) + ": " + rs.getString(2));
      }
    }
    return rows;
  }

  private static void history(Connection c, int dbid, String desc) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO gp_emulation.gp_configuration_history VALUES (now(), ?, ?)")) {
      s.setInt(1, dbid);
      s.setString(2, desc);
      s.executeUpdate();
    }
  }

  private static void dropWalSenders(Connection c, int content) throws SQLException {
    try (PreparedStatement d =
        c.prepareStatement("DELETE FROM gp_emulation.walsenders WHERE gp_segment_id = ?")) {
      d.setInt(1, content);
      d.executeUpdate();
    }
  }

  private static void setStopped(Connection c, int content, boolean stopped) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO gp_emulation.mirror_processes VALUES (?, CASE WHEN ? THEN now() END)"
                + " ON CONFLICT (content) DO UPDATE SET stopped_at = EXCLUDED.stopped_at")) {
      s.setInt(1, content);
      s.setBoolean(2, stopped);
      s.executeUpdate();
    }
  }

  private static void internal(Connection c) throws SQLException {
    execute(c, "SET LOCAL gp_emulation.internal = on");
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Sets one of the emulated cluster's settings (gp_emulation.settings). */
  private void setting(String name, String value) throws SQLException {
    update("UPDATE gp_emulation.settings SET value = ? WHERE name = ?", value, name);
  }

  private void update(String sql, Object... params) throws SQLException {
    try (Connection c = superuser.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      s.execute();
    }
  }

  /** Work on one connection inside one transaction. */
  @FunctionalInterface
  private interface Work {
    void run(Connection c) throws SQLException;
  }

  private void inTransaction(Work work) throws SQLException {
    try (Connection c = superuser.getConnection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static String resource(String name) {
    try (InputStream in = GreenplumEmulation.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
