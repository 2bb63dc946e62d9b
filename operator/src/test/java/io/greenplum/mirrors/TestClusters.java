package io.greenplum.mirrors;

import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.VersionFamily;
import java.util.ArrayList;
import java.util.List;

/** Builds mirrorless Greenplum clusters the way gpinitsystem lays them out. */
public final class TestClusters {
  private TestClusters() {}

  /** Host names sdw1, sdw2, ... (zero-padded so that name order is number order). */
  public static String host(int index, int hosts) {
    int width = String.valueOf(hosts).length();
    return "sdw" + String.format("%0" + width + "d", index + 1);
  }

  /**
   * A Greenplum 6+ cluster: coordinator mdw:5432 (dbid 1, /data/coordinator/gpseg-1), then {@code
   * hosts} x {@code perHost} primaries on ports 6000+i, contents numbered host by host.
   */
  public static SegmentConfiguration gp7(int hosts, int perHost) {
    return build(VersionFamily.GP6_PLUS, hosts, perHost, 6000);
  }

  public static SegmentConfiguration build(
      VersionFamily family, int hosts, int perHost, int basePort) {
    List<Segment> segments = new ArrayList<>();
    segments.add(coordinator(family));
    int content = 0;
    for (int h = 0; h < hosts; h++) {
      for (int i = 0; i < perHost; i++) {
        segments.add(primary(family, content, host(h, hosts), basePort + i));
        content++;
      }
    }
    return new SegmentConfiguration(family, segments);
  }

  public static Segment coordinator(VersionFamily family) {
    return new Segment(
        1,
        -1,
        Role.PRIMARY,
        Role.PRIMARY,
        family == VersionFamily.GP6_PLUS ? SegmentMode.NOT_IN_SYNC : SegmentMode.SYNCHRONIZED,
        SegmentStatus.UP,
        5432,
        "mdw",
        "mdw",
        "/data/coordinator/gpseg-1",
        null);
  }

  public static Segment primary(VersionFamily family, int content, String host, int port) {
    return new Segment(
        content + 2,
        content,
        Role.PRIMARY,
        Role.PRIMARY,
        family == VersionFamily.GP6_PLUS ? SegmentMode.NOT_IN_SYNC : SegmentMode.SYNCHRONIZED,
        SegmentStatus.UP,
        port,
        host,
        host,
        "/data/primary/gpseg" + content,
        null);
  }

  /** {@code row} with another role, mode and status, as FTS changes them. */
  public static Segment with(Segment row, Role role, SegmentMode mode, SegmentStatus status) {
    return new Segment(
        row.dbid(),
        row.content(),
        role,
        row.preferredRole(),
        mode,
        status,
        row.port(),
        row.hostname(),
        row.address(),
        row.dataDirectory(),
        row.replicationPort());
  }

  /** A mirror row as gp_add_segment registers it: m/m/n/d. */
  public static Segment mirror(int dbid, int content, String host, int port, String dir) {
    return new Segment(
        dbid,
        content,
        Role.MIRROR,
        Role.MIRROR,
        SegmentMode.NOT_IN_SYNC,
        SegmentStatus.DOWN,
        port,
        host,
        host,
        dir,
        null);
  }

  /**
   * {@code cluster} (its rows as they are) with the planned mirrors registered, each mirror row as
   * {@code row} makes it (identity: m/s/u).
   */
  public static SegmentConfiguration withMirrors(
      SegmentConfiguration cluster,
      io.greenplum.mirrors.plan.MirrorPlan plan,
      java.util.function.UnaryOperator<Segment> row) {
    List<Segment> rows = new ArrayList<>(cluster.segments());
    for (io.greenplum.mirrors.plan.PlannedMirror m : plan.mirrors()) {
      rows.add(
          row.apply(
              new Segment(
                  m.dbid(),
                  m.content(),
                  Role.MIRROR,
                  Role.MIRROR,
                  SegmentMode.SYNCHRONIZED,
                  SegmentStatus.UP,
                  m.port(),
                  m.hostname(),
                  m.address(),
                  m.dataDirectory(),
                  null)));
    }
    return new SegmentConfiguration(cluster.family(), rows);
  }
}
