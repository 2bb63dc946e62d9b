package io.greenplum.mirrors.emulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.catalog.CatalogException;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.dump.TextTable;
import io.greenplum.mirrors.dump.TextTableParser;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every catalog and replication state captured on the real Greenplum 7 cluster is reached by
 * driving the emulation the way the cluster went (register, stream, probe, stop, fail over,
 * recover, rebalance), then read back through the catalog layer and compared with the capture.
 */
class FixtureStatesIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  private static final String REAL = "gp7-real/";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01-mirrorless.txt",
        "02-registered-not-streaming.txt",
        "03-synchronized.txt",
        "04-mirror-down.txt",
        "04b-recoverseg-returned-mirror-still-down.txt",
        "04c-recovered-after-fts-probe.txt",
        "05-roles-switched.txt",
        "05b-recovered-roles-still-switched.txt",
        "06-rebalanced.txt",
        "07-after-full-recovery.txt",
        "08-mirrors-removed-mode-still-s.txt"
      })
  void catalogStatesReadBackAsCaptured(String state) throws Exception {
    driveTo(state);

    SegmentConfiguration live = GP.catalog().segmentConfiguration();

    assertThat(live).isEqualTo(SegmentConfigurationReader.read(Fixtures.read(REAL + state)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rep-01-no-mirrors.txt",
        "rep-02-registered-not-streaming.txt",
        "rep-03-catchup.txt",
        "rep-04-streaming-async.txt",
        "rep-05-sync.txt",
        "rep-06-mirror-stopped.txt",
        "rep-07-recovered-streaming-async.txt",
        "rep-08-after-promotion.txt"
      })
  void replicationStatesReadBackAsCaptured(String state) throws Exception {
    driveTo(state);
    TextTable captured = TextTableParser.parse(Fixtures.read(REAL + state), "gp_segment_id | ...");

    List<ReplicationRow> live = GP.catalog().replication();

    java.util.Set<String> wanted = new java.util.TreeSet<>(captured.columns());
    wanted.retainAll(COLUMNS);
    List<Map<String, String>> expected = new ArrayList<>();
    for (TextTable.Row row : captured.rows()) {
      Map<String, String> values = new TreeMap<>();
      for (int i = 0; i < captured.columns().size(); i++) {
        String column = captured.columns().get(i);
        if (column.equals("replay_lag")) {
          Double seconds = seconds(emptyToNull(row.cells().get(i)));
          values.put(column, seconds == null ? "" : String.valueOf(seconds));
        } else if (COLUMNS.contains(column)) {
          values.put(column, row.cells().get(i));
        }
      }
      expected.add(values);
    }
    List<Map<String, String>> actual =
        live.stream()
            .sorted(Comparator.comparingInt(ReplicationRow::content))
            .map(r -> asColumns(r, wanted))
            .toList();
    expected.sort(Comparator.comparing(m -> Integer.parseInt(m.get("gp_segment_id"))));
    assertThat(actual).isEqualTo(expected);
  }

  private static final List<String> COLUMNS =
      List.of(
          "gp_segment_id",
          "application_name",
          "state",
          "sent_lsn",
          "write_lsn",
          "flush_lsn",
          "replay_lsn",
          "replay_lag",
          "sync_priority",
          "sync_state",
          "sync_error");

  private static Map<String, String> asColumns(ReplicationRow r, java.util.Set<String> wanted) {
    Map<String, String> all = new HashMap<>();
    all.put("gp_segment_id", String.valueOf(r.content()));
    all.put("application_name", text(r.applicationName()));
    all.put("state", text(r.state()));
    all.put("sent_lsn", text(r.sentLsn()));
    all.put("write_lsn", text(r.writeLsn()));
    all.put("flush_lsn", text(r.flushLsn()));
    all.put("replay_lsn", text(r.replayLsn()));
    all.put("sync_priority", r.syncPriority() == null ? "" : String.valueOf(r.syncPriority()));
    all.put("sync_state", text(r.syncState()));
    all.put("sync_error", text(r.syncError()));
    all.put("replay_lag", r.replayLagSeconds() == null ? "" : String.valueOf(r.replayLagSeconds()));
    Map<String, String> values = new TreeMap<>();
    wanted.forEach(c -> values.put(c, all.get(c)));
    return values;
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  /** The WAL senders a capture shows, as the emulation should be told about them. */
  private static Map<Integer, WalSender> senders(String capture, String syncState) {
    TextTable table;
    try {
      table = TextTableParser.parse(Fixtures.read(REAL + capture), "gp_segment_id | ...");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Map<Integer, WalSender> senders = new TreeMap<>();
    for (TextTable.Row row : table.rows()) {
      java.util.function.Function<String, String> cell =
          c -> table.indexOf(c) < 0 ? null : emptyToNull(row.cells().get(table.indexOf(c)));
      if (cell.apply("state") != null) {
        senders.put(
            Integer.parseInt(cell.apply("gp_segment_id")),
            new WalSender(
                cell.apply("application_name"),
                cell.apply("state"),
                cell.apply("sent_lsn"),
                cell.apply("write_lsn") == null ? cell.apply("sent_lsn") : cell.apply("write_lsn"),
                cell.apply("flush_lsn") == null ? cell.apply("sent_lsn") : cell.apply("flush_lsn"),
                cell.apply("replay_lsn"),
                syncState == null ? cell.apply("sync_state") : syncState,
                seconds(cell.apply("replay_lag"))));
      }
    }
    return senders;
  }

  /** psql's interval, such as 00:00:02.67636, in seconds; null for an empty cell. */
  private static Double seconds(String interval) {
    if (interval == null) {
      return null;
    }
    String[] hms = interval.split(":");
    return Integer.parseInt(hms[0]) * 3600.0
        + Integer.parseInt(hms[1]) * 60.0
        + Double.parseDouble(hms[2]);
  }

  /**
   * FTS writes per content what the real cluster's gp_configuration_history shows from the
   * gpaddmirrors run to the rebalance: in sync, down and back, failover, the old primary m/u/n then
   * s, the rebalance's promotion.
   */
  @Test
  void ftsHistoryPerContentIsTheRealClustersUpToTheRebalance() throws Exception {
    driveTo("06-rebalanced.txt");
    Map<Integer, Integer> contentOfDbid = new HashMap<>();
    GP.catalog()
        .segmentConfiguration()
        .segments()
        .forEach(s -> contentOfDbid.put(s.dbid(), s.content()));

    Map<Integer, List<String>> real = new TreeMap<>();
    for (String line : Fixtures.read(REAL + "gp_configuration_history.txt").split("\n")) {
      String[] f = line.split("\\|");
      if (f.length == 3
          && f[2].contains("FTS:")
          && between(f[0].strip(), "2026-11-24 02:53:15", "2026-11-24 02:57:41")) {
        int dbid = Integer.parseInt(f[1].strip());
        real.computeIfAbsent(contentOfDbid.get(dbid), c -> new ArrayList<>())
            .add(dbid + ": " + f[2].strip());
      }
    }
    Map<Integer, List<String>> emulated = new TreeMap<>();
    for (String row : GP.emulation().history()) {
      if (row.contains("FTS:")) {
        int dbid = Integer.parseInt(row.substring(0, row.indexOf(':')));
        emulated.computeIfAbsent(contentOfDbid.get(dbid), c -> new ArrayList<>()).add(row);
      }
    }

    assertThat(real.get(0)).hasSize(11);
    assertThat(emulated).isEqualTo(real);
  }

  @Test
  void aStoppedPrimaryIsReplacedOnlyByAnInSyncMirrorAndDispatchFailsUntilThen() throws Exception {
    driveTo("04-mirror-down.txt");
    GreenplumEmulation gp = GP.emulation();

    gp.stopPrimary(1);
    gp.ftsProbe();
    assertThat(GP.catalog().segmentConfiguration().primariesByContent().get(1).role().code())
        .as("its mirror is down: nothing to promote")
        .isEqualTo('p');
    assertThatThrownBy(() -> GP.catalog().replication())
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("FTS detected one or more segments are down");

    gp.startPrimary(1);
    gp.stopPrimary(0);
    gp.ftsProbe();
    SegmentConfiguration switched = GP.catalog().segmentConfiguration();
    assertThat(switched.mirrorsByContent().get(0).role().code()).isEqualTo('p');
    assertThat(switched.primariesByContent().get(0).role().code()).isEqualTo('m');
    assertThat(switched.primariesByContent().get(0).status().code()).isEqualTo('d');
    assertThat(GP.catalog().replication()).isNotEmpty();
  }

  private static boolean between(String time, String from, String to) {
    return time.compareTo(from) >= 0 && time.compareTo(to) < 0;
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }

  private static void stream(Map<Integer, WalSender> senders) throws Exception {
    for (Map.Entry<Integer, WalSender> e : senders.entrySet()) {
      GP.emulation().walSender(e.getKey(), e.getValue());
    }
  }

  /** gprecoverseg -F of a stopped mirror: down, base backup walsenders, streaming, in sync. */
  private static void fullRecovery(int content) throws Exception {
    GreenplumEmulation gp = GP.emulation();
    gp.stopMirror(content);
    gp.markStoppedMirrorDown(content);
    gp.walSender(
        content, new WalSender("pg_basebackup", "backup", null, null, null, null, "async", null));
    gp.dropWalSenders(content);
    gp.walSender(
        content,
        WalSender.mirror("streaming", "0/40000188", "0/40000188", "0/40000188", "0/40000188"));
    gp.ftsProbe();
  }

  /**
   * gprecoverseg -a rewinds the old primary; it connects (catchup: FTS m/u/n), then streams (s).
   */
  private static void recoverOldPrimary(int content) throws Exception {
    GreenplumEmulation gp = GP.emulation();
    gp.walSender(
        content,
        WalSender.mirror("catchup", "0/4771B780", "0/4771B000", "0/4771B000", "0/4771A000"));
    gp.ftsProbe();
    gp.walSender(
        content,
        WalSender.mirror("streaming", "0/4771B780", "0/4771B780", "0/4771B780", "0/4771B780"));
    gp.ftsProbe();
  }

  /**
   * gprecoverseg -r: the acting primary stops, FTS promotes the preferred one, the stopped instance
   * is rewound and streams, FTS marks the pair in sync.
   */
  private static void rebalance(int content) throws Exception {
    GreenplumEmulation gp = GP.emulation();
    gp.stopPrimary(content);
    gp.ftsProbe();
    gp.walSender(
        content,
        WalSender.mirror("streaming", "0/4771C000", "0/4771C000", "0/4771C000", "0/4771C000"));
    gp.ftsProbe();
  }

  /** Drives the emulation from a mirrorless cluster to the captured state, as the cluster went. */
  private static void driveTo(String state) throws Exception {
    GreenplumEmulation gp = GP.emulation();
    switch (state) {
      case "01-mirrorless.txt", "rep-01-no-mirrors.txt" -> GP.load(REAL + "01-mirrorless.txt");
      case "02-registered-not-streaming.txt", "rep-02-registered-not-streaming.txt" -> {
        driveTo("01-mirrorless.txt");
        gp.registerMirrors(
            SegmentConfigurationReader.read(Fixtures.read(REAL + "02-registered-not-streaming.txt"))
                .mirrors());
      }
      case "rep-03-catchup.txt", "rep-04-streaming-async.txt" -> {
        driveTo("02-registered-not-streaming.txt");
        stream(senders(state, null));
      }
      case "03-synchronized.txt", "rep-05-sync.txt" -> {
        driveTo("02-registered-not-streaming.txt");
        stream(senders("rep-05-sync.txt", "async"));
        gp.ftsProbe();
      }
      case "rep-06-mirror-stopped.txt", "04-mirror-down.txt" -> {
        driveTo("03-synchronized.txt");
        gp.stopMirror(1);
        if (state.startsWith("04")) {
          gp.markStoppedMirrorDown(1);
        }
      }
      case "rep-07-recovered-streaming-async.txt" -> {
        driveTo("04-mirror-down.txt");
        stream(senders(state, null));
      }
      case "04b-recoverseg-returned-mirror-still-down.txt" -> {
        driveTo("04-mirror-down.txt");
        gp.walSender(
            1, WalSender.mirror("catchup", "0/3ECDFC48", "0/3E000000", "0/3E000000", "0/3D000000"));
      }
      case "04c-recovered-after-fts-probe.txt" -> {
        driveTo("04b-recoverseg-returned-mirror-still-down.txt");
        gp.walSender(
            1,
            WalSender.mirror("streaming", "0/3ECDFC48", "0/3ECDFC48", "0/3ECDFC48", "0/3ECDFC48"));
        gp.ftsProbe();
      }
      case "05-roles-switched.txt" -> {
        driveTo("04c-recovered-after-fts-probe.txt");
        gp.failPrimary(0);
      }
      case "rep-08-after-promotion.txt" -> {
        driveTo("05-roles-switched.txt");
        stream(senders(state, null)); // WAL moved on for the pairs still streaming
      }
      case "05b-recovered-roles-still-switched.txt" -> {
        driveTo("05-roles-switched.txt");
        recoverOldPrimary(0);
      }
      case "06-rebalanced.txt" -> {
        driveTo("05b-recovered-roles-still-switched.txt");
        rebalance(0);
      }
      case "07-after-full-recovery.txt" -> {
        driveTo("06-rebalanced.txt");
        fullRecovery(2);
      }
      case "08-mirrors-removed-mode-still-s.txt" -> {
        driveTo("03-synchronized.txt");
        gp.removeMirrorRowsAtOnce();
      }
      default -> throw new IllegalArgumentException(state);
    }
  }
}
