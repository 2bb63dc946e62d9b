package io.greenplum.mirrors.catalog;

import io.greenplum.mirrors.catalog.CatalogException.Reason;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.model.ClusterShape;
import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.model.VersionFamily;
import io.greenplum.mirrors.plan.ExistingMirrorComparison;
import io.greenplum.mirrors.plan.ExistingMirrors;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.plan.MirrorPlan;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog over JDBC: one short connection per call, prepared statements only, and the same
 * statements gpaddmirrors sends (gpaddmirrors.verbose-run.log): gp_add_segment with the literal
 * 'm', 'm', 'n', 'd' and a gp_configuration_history row per mirror, in one transaction.
 */
public final class JdbcGreenplumCatalog implements GreenplumCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcGreenplumCatalog.class);

  static final String VERSION = "SELECT version()";
  static final String SEGMENTS = "SELECT * FROM gp_segment_configuration";
  static final String SEGMENTS_WITH_FILESPACES =
      "SELECT c.*, e.fselocation AS datadir FROM gp_segment_configuration c"
          + " LEFT JOIN pg_filespace_entry e ON e.fsedbid = c.dbid AND e.fsefsoid = ?";
  static final String REPLICATION = "SELECT * FROM gp_stat_replication";
  static final String ALLOW_SYSTEM_TABLE_MODS = "SET LOCAL allow_system_table_mods = on";
  static final String ADD_MIRROR =
      "SELECT gp_add_segment(?::int2, ?::int2, 'm', 'm', 'n', 'd', ?, ?, ?, ?)";
  static final String REMOVE_MIRROR = "SELECT gp_remove_segment_mirror(?::int2)";
  static final String HISTORY =
      "INSERT INTO gp_configuration_history (time, dbid, \"desc\") VALUES (now(), ?, ?)";
  static final String FTS_PROBE = "SELECT gp_request_fts_probe_scan()";
  static final String SETTING = "SELECT setting, unit FROM pg_settings WHERE name = ?";
  static final String GRACE_PERIOD = "gp_fts_mark_mirror_down_grace_period";
  static final String INSERTED_ROWS =
      "SELECT dbid, \"desc\" FROM gp_configuration_history WHERE \"desc\" LIKE ?"
          + " ORDER BY time, dbid";
  static final String LATEST_HISTORY =
      "SELECT \"desc\" FROM gp_configuration_history WHERE \"desc\" LIKE ?"
          + " ORDER BY time DESC LIMIT 1";
  static final String SLOT_EXISTS = "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?";
  static final String CREATE_SLOT = "SELECT pg_create_physical_replication_slot(?, true)";
  static final String CHECKPOINT = "CHECKPOINT";
  static final String USER_TABLESPACES =
      "SELECT spcname, pg_tablespace_location(oid) FROM pg_tablespace"
          + " WHERE spcname NOT IN ('pg_default', 'pg_global') ORDER BY spcname";

  /**
   * What a pg_rewind of the instance's directory needs, read on the instance (its mirror shares its
   * catalog): data checksums or wal_log_hints, and for the role the rewind connects as either
   * superuser or the grants of operator-day2-on-real-cluster.txt section 9 in this database (the
   * utility session's, template1, where pg_rewind connects).
   */
  static final String REWIND_RIGHTS =
      "SELECT (SELECT setting FROM pg_settings WHERE name = 'data_checksums'),"
          + " (SELECT setting FROM pg_settings WHERE name = 'wal_log_hints'),"
          + " r.rolsuper,"
          + " has_function_privilege(r.oid, 'pg_catalog.pg_ls_dir(text, boolean, boolean)',"
          + " 'EXECUTE'),"
          + " has_function_privilege(r.oid, 'pg_catalog.pg_stat_file(text, boolean)', 'EXECUTE'),"
          + " has_function_privilege(r.oid, 'pg_catalog.pg_read_binary_file(text)', 'EXECUTE'),"
          + " has_function_privilege(r.oid,"
          + " 'pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean)', 'EXECUTE'),"
          + " has_database_privilege(r.oid, current_database(), 'TEMPORARY')"
          + " FROM pg_roles r WHERE r.rolname = ?";

  /**
   * Greenplum 6 (PostgreSQL 9.4): the same settings; its pg_rewind reads the source as a superuser
   * only (non-superusers came with PostgreSQL 11).
   */
  static final String REWIND_SETTINGS_AND_SUPERUSER =
      "SELECT (SELECT setting FROM pg_settings WHERE name = 'data_checksums'),"
          + " (SELECT setting FROM pg_settings WHERE name = 'wal_log_hints'), r.rolsuper"
          + " FROM pg_roles r WHERE r.rolname = ?";

  static final String DROP_SLOT =
      "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?";

  static final String ADDED = "gpmirrors: inserted mirror segment configuration";
  static final String REMOVED = "gpmirrors: removed mirror segment configuration";

  /** gprecoverseg's words for a mirror removed and added again elsewhere, after our prefix. */
  static final String MOVED =
      "gpmirrors: inserted segment configuration for full recovery or original dbid ";

  private final CoordinatorSettings settings;
  private final SegmentConnector segments;
  private GreenplumVersion version;
  private Connection open;
  private int opened;
  private int borrowed;

  public JdbcGreenplumCatalog(CoordinatorSettings settings) {
    this(settings, SegmentConnector.jdbc());
  }

  /** A catalog that reaches segment instances through {@code segments}. */
  public JdbcGreenplumCatalog(CoordinatorSettings settings, SegmentConnector segments) {
    this.settings = settings;
    this.segments = segments;
  }

  @Override
  public synchronized GreenplumVersion version() throws CatalogException {
    if (version == null) {
      try (Connection c = connect();
          PreparedStatement s = c.prepareStatement(VERSION)) {
        version = readVersion(s);
      } catch (SQLException e) {
        throw SqlStates.classify(e, "read version()", settings);
      }
    }
    return version;
  }

  private GreenplumVersion readVersion(PreparedStatement s) throws SQLException, CatalogException {
    try (ResultSet rs = s.executeQuery()) {
      rs.next();
      String text = rs.getString(1);
      GreenplumVersion parsed =
          GreenplumVersion.parse(text)
              .orElseThrow(
                  () ->
                      new CatalogException(
                          Reason.NotGreenplum,
                          settings.host()
                              + ":"
                              + settings.port()
                              + " is not a Greenplum coordinator: version() says '"
                              + text
                              + "'; point spec.coordinator at the Greenplum coordinator"));
      if (!parsed.isSupported()) {
        throw new CatalogException(
            Reason.UnsupportedVersion, parsed + " is not supported: Greenplum 4.3 to 7 are");
      }
      return parsed;
    }
  }

  @Override
  public SegmentConfiguration segmentConfiguration() throws CatalogException {
    VersionFamily family = version().family();
    try (Connection c = connect()) {
      return readSegments(c, family);
    } catch (SQLException e) {
      throw SqlStates.classify(e, "read gp_segment_configuration", settings);
    }
  }

  private SegmentConfiguration readSegments(Connection c, VersionFamily family)
      throws SQLException, CatalogException {
    boolean filespaces = family.hasReplicationPorts();
    try (PreparedStatement s =
        c.prepareStatement(filespaces ? SEGMENTS_WITH_FILESPACES : SEGMENTS)) {
      if (filespaces) {
        s.setInt(1, SegmentConfigurationReader.PG_SYSTEM_FILESPACE);
      }
      try (ResultSet rs = s.executeQuery()) {
        List<Segment> rows = CatalogRows.segments(rs, family);
        List<String> problems = ClusterShape.problems(rows, dbid -> "dbid " + dbid);
        if (!problems.isEmpty()) {
          throw new CatalogException(
              Reason.CatalogShape,
              "gp_segment_configuration on "
                  + settings.host()
                  + ":"
                  + settings.port()
                  + " is not what Greenplum keeps ("
                  + String.join("; ", problems)
                  + "); nothing is planned or written until it is repaired");
        }
        return new SegmentConfiguration(family, rows);
      }
    }
  }

  @Override
  public List<ReplicationRow> replication() throws CatalogException {
    if (version().family() == VersionFamily.GP4_GP5) {
      return List.of();
    }
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(REPLICATION);
        ResultSet rs = s.executeQuery()) {
      return CatalogRows.replication(rs);
    } catch (SQLException e) {
      throw SqlStates.classify(e, "read gp_stat_replication", settings);
    }
  }

  /** What one catalog transaction does on its connection. */
  private interface Transaction<T> {
    T run(Connection c) throws SQLException, CatalogException;
  }

  /** {@code body} in one transaction: committed when it returns, rolled back when it throws. */
  private <T> T inTransaction(String what, Transaction<T> body) throws CatalogException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        T result = body.run(c);
        c.commit();
        return result;
      } catch (SQLException | CatalogException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw SqlStates.classify(e, what, settings);
    }
  }

  @Override
  public MirrorRegistration registerMirrors(MirrorPlan plan) throws CatalogException {
    VersionFamily family = version().family();
    if (family != VersionFamily.GP6_PLUS) {
      throw new CatalogException(
          Reason.UnsupportedVersion,
          "registering mirrors on Greenplum 4.3/5 (file replication) is not supported; write the"
              + " plan with gpmirrors plan --output and run gpaddmirrors -i");
    }
    return inTransaction("register the mirrors", c -> register(c, plan));
  }

  private MirrorRegistration register(Connection c, MirrorPlan plan)
      throws SQLException, CatalogException {
    execute(c, ALLOW_SYSTEM_TABLE_MODS);
    SegmentConfiguration live = readSegments(c, VersionFamily.GP6_PLUS);
    ExistingMirrors existing = ExistingMirrorComparison.compare(live, plan);
    switch (existing.state()) {
      case NONE -> requireEveryContent(live, plan);
      case MATCHES_PLAN -> {
        Map<Integer, Integer> dbids = new TreeMap<>();
        live.mirrors().forEach(m -> dbids.put(m.content(), m.dbid()));
        LOG.debug("every content already has its planned mirror; nothing registered");
        return new MirrorRegistration(dbids, false);
      }
      case PARTIAL ->
          throw new CatalogException(
              Reason.PartialMirroring,
              "only some contents have a mirror ("
                  + String.join("; ", existing.differences())
                  + "); nothing was registered: repair the catalog first");
      default ->
          throw new CatalogException(
              Reason.MirrorsDifferFromPlan,
              "every content already has a mirror, placed otherwise than planned ("
                  + String.join("; ", existing.differences())
                  + "); nothing was registered");
    }
    Map<Integer, Integer> dbids = new TreeMap<>();
    int dbid = live.maxDbid();
    try (PreparedStatement add = c.prepareStatement(ADD_MIRROR);
        PreparedStatement history = c.prepareStatement(HISTORY)) {
      for (PlannedMirror m : plan.mirrors()) {
        dbid++;
        add.setInt(1, dbid);
        add.setInt(2, m.content());
        add.setInt(3, m.port());
        add.setString(4, m.hostname());
        add.setString(5, m.address());
        add.setString(6, m.dataDirectory());
        add.executeQuery().close();
        history.setInt(1, dbid);
        history.setString(2, ADDED);
        history.executeUpdate();
        dbids.put(m.content(), dbid);
      }
    }
    LOG.info(
        "registered {} mirrors (dbids {}..{}) on {} in one transaction",
        dbids.size(),
        live.maxDbid() + 1,
        dbid,
        settings);
    return new MirrorRegistration(dbids, true);
  }

  private static void requireEveryContent(SegmentConfiguration live, MirrorPlan plan)
      throws CatalogException {
    List<Integer> planned = plan.mirrors().stream().map(PlannedMirror::content).sorted().toList();
    List<Integer> primaries = live.primaries().stream().map(Segment::content).toList();
    if (!planned.equals(primaries)) {
      throw new CatalogException(
          Reason.IncompletePlan,
          "the plan covers content(s) "
              + planned
              + " but the cluster's primaries are "
              + primaries
              + ": mirrors are registered for every content at once or not at all; nothing was"
              + " registered");
    }
  }

  @Override
  public int removeMirrors() throws CatalogException {
    return inTransaction("remove the mirrors", this::remove);
  }

  private int remove(Connection c) throws SQLException, CatalogException {
    execute(c, ALLOW_SYSTEM_TABLE_MODS);
    List<Segment> mirrors = readSegments(c, version().family()).mirrors();
    Set<Integer> notDown =
        mirrors.stream()
            .filter(m -> m.role() != Role.MIRROR || m.status() != SegmentStatus.DOWN)
            .map(Segment::content)
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    if (!notDown.isEmpty()) {
      throw new CatalogException(
          Reason.MirrorsNotDown,
          "the mirror(s) of content(s) "
              + notDown
              + " are not marked down (or act as primary): stop them and wait until FTS marks"
              + " them down before removing; removing the rows first leaves their primaries"
              + " waiting for a synchronous standby that no longer exists. Nothing was removed");
    }
    try (PreparedStatement remove = c.prepareStatement(REMOVE_MIRROR);
        PreparedStatement history = c.prepareStatement(HISTORY)) {
      for (Segment m : mirrors) {
        remove.setInt(1, m.content());
        remove.executeQuery().close();
        history.setInt(1, m.dbid());
        history.setString(2, REMOVED);
        history.executeUpdate();
      }
    }
    LOG.info("removed {} mirrors on {} in one transaction", mirrors.size(), settings);
    return mirrors.size();
  }

  @Override
  public boolean moveMirror(int content, int dbid, MirrorLocation to) throws CatalogException {
    return inTransaction("move the mirror of content " + content, c -> move(c, content, dbid, to));
  }

  private boolean move(Connection c, int content, int dbid, MirrorLocation to)
      throws SQLException, CatalogException {
    execute(c, ALLOW_SYSTEM_TABLE_MODS);
    SegmentConfiguration live = readSegments(c, version().family());
    Segment mirror = live.mirrorsByContent().get(content);
    if (mirror == null || mirror.dbid() != dbid) {
      throw new CatalogException(
          Reason.MirrorsDifferFromPlan,
          "content " + content + " has no mirror dbid " + dbid + " to move; nothing was written");
    }
    if (MirrorLocation.of(mirror).key().equals(to.key())) {
      return false;
    }
    if (mirror.role() != Role.MIRROR || mirror.status() != SegmentStatus.DOWN) {
      throw new CatalogException(
          Reason.MirrorsNotDown,
          "the mirror of content "
              + content
              + " (dbid "
              + dbid
              + ") is not marked down (or acts as primary): it is moved only once stopped and"
              + " marked down by FTS. Nothing was written");
    }
    for (Segment other : live.segments()) {
      if (other.dbid() != dbid && MirrorLocation.of(other).overlaps(to)) {
        throw new CatalogException(
            Reason.MoveTargetTaken,
            to
                + " is held by dbid "
                + other.dbid()
                + " (content "
                + other.content()
                + ")"
                + "; nothing was written");
      }
    }
    try (PreparedStatement remove = c.prepareStatement(REMOVE_MIRROR);
        PreparedStatement add = c.prepareStatement(ADD_MIRROR);
        PreparedStatement history = c.prepareStatement(HISTORY)) {
      remove.setInt(1, content);
      remove.executeQuery().close();
      add.setInt(1, dbid);
      add.setInt(2, content);
      add.setInt(3, to.port());
      add.setString(4, to.hostname());
      add.setString(5, to.address());
      add.setString(6, to.dataDirectory());
      add.executeQuery().close();
      history.setInt(1, dbid);
      history.setString(2, MOVED + dbid);
      history.executeUpdate();
    }
    LOG.info(
        "moved the mirror of content {} (dbid {}) from {} to {} in one transaction on {}",
        content,
        dbid,
        MirrorLocation.of(mirror),
        to,
        settings);
    return true;
  }

  @Override
  public void requestFtsProbe() throws CatalogException {
    try (Connection c = connect()) {
      execute(c, FTS_PROBE);
    } catch (SQLException e) {
      throw SqlStates.classify(e, "request an FTS probe", settings);
    }
  }

  @Override
  public Duration ftsGracePeriod() throws CatalogException {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(SETTING)) {
      s.setString(1, GRACE_PERIOD);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new CatalogException(
              Reason.CatalogShape, "the coordinator has no setting " + GRACE_PERIOD);
        }
        return duration(rs.getString(1), rs.getString(2));
      }
    } catch (SQLException e) {
      throw SqlStates.classify(e, "read " + GRACE_PERIOD, settings);
    }
  }

  @Override
  public List<String> userTablespaces() throws CatalogException {
    List<String> tablespaces = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(USER_TABLESPACES);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        tablespaces.add(rs.getString(1) + " (" + rs.getString(2) + ")");
      }
      return tablespaces;
    } catch (SQLException e) {
      throw SqlStates.classify(e, "read pg_tablespace", settings);
    }
  }

  @Override
  public String latestHistory(String prefix) throws CatalogException {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(LATEST_HISTORY)) {
      s.setString(1, prefix.replace("%", "\\%").replace("_", "\\_") + "%");
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw SqlStates.classify(e, "read gp_configuration_history", settings);
    }
  }

  @Override
  public void recordHistory(int dbid, String desc) throws CatalogException {
    inTransaction(
        "write gp_configuration_history",
        c -> {
          execute(c, ALLOW_SYSTEM_TABLE_MODS);
          try (PreparedStatement history = c.prepareStatement(HISTORY)) {
            history.setInt(1, dbid);
            history.setString(2, desc);
            history.executeUpdate();
          }
          return null;
        });
  }

  private static Duration duration(String value, String unit) throws CatalogException {
    try {
      long amount = Long.parseLong(value.strip());
      return switch (unit == null ? "s" : unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "min" -> Duration.ofMinutes(amount);
        default -> Duration.ofSeconds(amount);
      };
    } catch (NumberFormatException e) {
      throw new CatalogException(
          Reason.CatalogShape, GRACE_PERIOD + " is not a number of " + unit + ": " + value, e);
    }
  }

  @Override
  public Set<Integer> registeredByOperator() throws CatalogException {
    Map<Integer, String> latest = new TreeMap<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(INSERTED_ROWS)) {
      s.setString(1, "%inserted%");
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          latest.put(rs.getInt(1), rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw SqlStates.classify(e, "read gp_configuration_history", settings);
    }
    return latest.entrySet().stream()
        .filter(e -> ADDED.equals(e.getValue()) || e.getValue().startsWith(MOVED))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  @Override
  public boolean createReplicationSlot(Segment primary) throws CatalogException {
    return onSegment(
        primary,
        "create " + SegmentTools.REPLICATION_SLOT,
        c -> {
          if (slotExists(c)) {
            return false;
          }
          try (PreparedStatement s = c.prepareStatement(CREATE_SLOT)) {
            s.setString(1, SegmentTools.REPLICATION_SLOT);
            s.executeQuery().close();
          }
          LOG.info("created {} on {}", SegmentTools.REPLICATION_SLOT, primary.describe());
          return true;
        });
  }

  @Override
  public boolean dropReplicationSlot(Segment primary) throws CatalogException {
    return onSegment(
        primary,
        "drop " + SegmentTools.REPLICATION_SLOT,
        c -> {
          int dropped = 0;
          try (PreparedStatement s = c.prepareStatement(DROP_SLOT)) {
            s.setString(1, SegmentTools.REPLICATION_SLOT);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                dropped++;
              }
            }
          }
          if (dropped > 0) {
            LOG.info("dropped {} on {}", SegmentTools.REPLICATION_SLOT, primary.describe());
          }
          return dropped > 0;
        });
  }

  @Override
  public void checkpoint(Segment primary) throws CatalogException {
    onSegment(
        primary,
        "CHECKPOINT",
        c -> {
          execute(c, CHECKPOINT);
          return true;
        });
  }

  @Override
  public String rewindRefusal(Segment instance, String user) throws CatalogException {
    String[] refusal = {null};
    boolean gp6 = version().tools() == SegmentTools.GREENPLUM_6;
    onSegment(
        instance,
        "read what a rewind needs",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(gp6 ? REWIND_SETTINGS_AND_SUPERUSER : REWIND_RIGHTS)) {
            s.setString(1, user);
            try (ResultSet rs = s.executeQuery()) {
              refusal[0] =
                  rs.next() ? RewindRights.refusal(rs, user, gp6) : RewindRights.noRole(user);
            }
          }
          return true;
        });
    return refusal[0];
  }

  private static boolean slotExists(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SLOT_EXISTS)) {
      s.setString(1, SegmentTools.REPLICATION_SLOT);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Work on a utility-mode connection to one segment instance. */
  @FunctionalInterface
  private interface SegmentWork {
    boolean run(Connection c) throws SQLException;
  }

  private boolean onSegment(Segment instance, String doing, SegmentWork work)
      throws CatalogException {
    SegmentTools tools = version().tools();
    if (tools == null) {
      throw new CatalogException(
          Reason.UnsupportedVersion, "Greenplum 4.3/5 segments have no replication slots");
    }
    try (Connection c =
        segments.connect(instance.address(), instance.port(), settings.segmentProperties(tools))) {
      return work.run(c);
    } catch (SQLException e) {
      throw SqlStates.classify(
          e,
          doing + " on " + instance.describe() + " (utility mode)",
          instance.address() + ":" + instance.port());
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.execute();
    }
  }

  /**
   * The catalog's one coordinator connection, opened at the first call: a pass costs one
   * connection, not one per statement. What each call gets is a view whose close() keeps the
   * connection open (and ends a transaction left open); a connection that failed is dropped, and
   * the next call opens another.
   */
  private synchronized Connection connect() throws SQLException {
    if (open == null || open.isClosed()) {
      open = DriverManager.getConnection(settings.jdbcUrl(), settings.driverProperties());
      opened++;
      borrowed = 0;
    }
    Connection shared = open;
    borrowed++;
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                release(shared);
                return null;
              }
              try {
                return method.invoke(shared, args);
              } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException sql && SqlStates.isConnectionLost(sql)) {
                  discard(shared);
                }
                throw e.getCause();
              }
            });
  }

  /**
   * The end of one call: a transaction the outermost call left open is rolled back; the connection
   * stays. A call made inside another's transaction (a read while registering) leaves it alone.
   */
  private synchronized void release(Connection shared) throws SQLException {
    if (shared != open || --borrowed > 0) {
      return;
    }
    try {
      if (!shared.isClosed() && !shared.getAutoCommit()) {
        shared.rollback();
        shared.setAutoCommit(true);
      }
    } catch (SQLException e) {
      discard(shared);
    }
  }

  private synchronized void discard(Connection shared) {
    try {
      shared.close();
    } catch (SQLException e) {
      LOG.debug("closing a failed coordinator connection: {}", e.getMessage());
    }
    if (open == shared) {
      open = null;
    }
  }

  /** How many coordinator connections this catalog opened (one per pass when all goes well). */
  public synchronized int connectionsOpened() {
    return opened;
  }

  @Override
  public synchronized void close() {
    if (open != null) {
      discard(open);
    }
  }
}
