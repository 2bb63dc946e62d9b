package io.greenplum.mirrors;

import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.diff.BaseBackupLog;
import io.greenplum.mirrors.diff.MirrorHistory;
import io.greenplum.mirrors.diff.MirrorLog;
import io.greenplum.mirrors.diff.Observation;
import io.greenplum.mirrors.diff.PodView;
import io.greenplum.mirrors.diff.PreflightView;
import io.greenplum.mirrors.diff.Rebalance;
import io.greenplum.mirrors.diff.VolumeView;
import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.PlannedMirror;
import io.greenplum.mirrors.resources.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A fluent builder of one pass's observation, for tests of the pure parts. */
public final class TestObservation {
  public static final GreenplumVersion GP7 =
      GreenplumVersion.parse("PostgreSQL 12.12 (Greenplum Database 7.1.0 build dev)").orElseThrow();
  public static final GreenplumVersion GP6 =
      GreenplumVersion.parse("PostgreSQL 9.4.26 (Greenplum Database 6.26.1 build dev)")
          .orElseThrow();

  private final SegmentConfiguration cluster;
  private final MirrorSetSpec spec;
  private GreenplumVersion version = GP7;
  private List<ReplicationRow> replication = List.of();
  private Map<Integer, PodView> pods = Map.of();
  private final List<VolumeView> volumes = new ArrayList<>();
  private Map<Integer, BaseBackupLog> logs = Map.of();
  private Set<Integer> registered = Set.of();
  private List<PreflightView> preflight = List.of();
  private Instant now = Instant.parse("2026-11-30T12:00:00Z");
  private final Map<Integer, MirrorHistory> history = new TreeMap<>();
  private Duration ftsGrace;
  private Map<Integer, MirrorLog> mirrorLogs = Map.of();
  private Observation.Recovery recovery = Observation.Recovery.DEFAULT;
  private String rebalanceRequest;
  private boolean movesApproved = true;
  private Rebalance.Progress rebalance;
  private Map<String, Boolean> expansion = Map.of();
  private final Map<Integer, String> rewindRefusals = new java.util.TreeMap<>();
  private final List<String> tablespaces = new ArrayList<>();

  private TestObservation(SegmentConfiguration cluster, MirrorSetSpec spec) {
    this.cluster = cluster;
    this.spec = spec;
  }

  private String templateHash;

  public static TestObservation of(SegmentConfiguration cluster, MirrorSetSpec spec) {
    return new TestObservation(cluster, spec);
  }

  public TestObservation version(GreenplumVersion v) {
    this.version = v;
    return this;
  }

  public TestObservation replication(List<ReplicationRow> rows) {
    this.replication = rows;
    return this;
  }

  /** gp_stat_replication shows the mirror of each of {@code contents} streaming. */
  public TestObservation streaming(int... contents) {
    this.replication =
        java.util.Arrays.stream(contents)
            .mapToObj(
                c ->
                    new ReplicationRow(
                        c,
                        "gp_walreceiver",
                        "streaming",
                        "0/1",
                        "0/1",
                        "0/1",
                        "0/1",
                        1,
                        "sync",
                        "none",
                        null))
            .toList();
    return this;
  }

  public TestObservation pods(Map<Integer, PodView> p) {
    this.pods = new TreeMap<>(p);
    return this;
  }

  /** Volumes of these contents, each holding the catalog's mirror dbid (else the planned one). */
  public TestObservation volumes(int... contents) {
    Map<Integer, Segment> mirrors = cluster.mirrorsByContent();
    Map<Integer, PlannedMirror> planned =
        MirrorPlanner.plan(cluster.withoutMirrors(), spec).plan().byContent();
    for (int c : contents) {
      int dbid = mirrors.containsKey(c) ? mirrors.get(c).dbid() : planned.get(c).dbid();
      volume(c, dbid);
    }
    return this;
  }

  public TestObservation volume(int content, int dbid) {
    volumes.add(
        new VolumeView(Names.volume("ms", content, dbid), content, dbid, false, false, null));
    return this;
  }

  /** allowVolumeExpansion of storage classes, as the operator read them. */
  public TestObservation expansion(Map<String, Boolean> classes) {
    this.expansion = classes;
    return this;
  }

  public TestObservation volume(VolumeView v) {
    volumes.add(v);
    return this;
  }

  public TestObservation logs(Map<Integer, BaseBackupLog> l) {
    this.logs = l;
    return this;
  }

  public TestObservation registered(Set<Integer> dbids) {
    this.registered = dbids;
    return this;
  }

  public TestObservation preflight(List<PreflightView> pods) {
    this.preflight = pods;
    return this;
  }

  /** The status recorded {@code content}'s mirror in {@code state} since {@code since}. */
  public TestObservation history(int content, String state, Instant since) {
    history.put(content, new MirrorHistory(state, since, null, null));
    return this;
  }

  /** The status also recorded a recovery of {@code content}'s mirror, started at {@code since}. */
  public TestObservation recovering(int content, String state, String mode, Instant since) {
    history.put(content, new MirrorHistory(state, since, mode, since));
    return this;
  }

  public TestObservation mirrorLogs(Map<Integer, MirrorLog> logs) {
    this.mirrorLogs = logs;
    return this;
  }

  public TestObservation recovery(Observation.Recovery r) {
    this.recovery = r;
    return this;
  }

  /** The moves this generation asks for wait for their approval (moveApproval Manual). */
  public TestObservation movesNotApproved() {
    this.movesApproved = false;
    return this;
  }

  /** The greenplum.io/rebalance annotation's value and the progress the status recorded. */
  public TestObservation rebalance(String request, Rebalance.Progress before) {
    this.rebalanceRequest = request;
    this.rebalance = before;
    return this;
  }

  public TestObservation ftsGrace(Duration grace) {
    this.ftsGrace = grace;
    return this;
  }

  public TestObservation now(Instant instant) {
    this.now = instant;
    return this;
  }

  /** Why a rewind of the acting primary of {@code content} would be refused. */
  public TestObservation rewindRefused(int content, String why) {
    rewindRefusals.put(content, why);
    return this;
  }

  /** A user tablespace of the cluster, as the catalog gives it ("name (location)"). */
  public TestObservation tablespace(String nameAndLocation) {
    tablespaces.add(nameAndLocation);
    return this;
  }

  /** The hash of the MirrorSet's current pod template (a rolling update compares pods to it). */
  public TestObservation templateHash(String hash) {
    this.templateHash = hash;
    return this;
  }

  public Observation build() {
    return new Observation(
        MirrorPlanner.plan(cluster, spec),
        cluster,
        version,
        replication,
        pods,
        volumes,
        logs,
        mirrorLogs,
        registered,
        preflight,
        history,
        ftsGrace,
        new Observation.Settings(
            spec.getMaxParallel() == null ? 4 : spec.getMaxParallel(),
            spec.getTemplate().getImage(),
            "gpadmin",
            now,
            Duration.ofSeconds(30),
            recovery,
            rebalanceRequest,
            templateHash,
            spec.getDeletionPolicy() != io.greenplum.mirrors.api.DeletionPolicy.RemoveMirrors,
            spec.getStorage().getSize(),
            spec.getStorage().getStorageClassName() == null
                ? ""
                : spec.getStorage().getStorageClassName(),
            movesApproved),
        rebalance,
        expansion,
        rewindRefusals,
        tablespaces);
  }

  /** A mirror pod of {@code content} built for {@code dbid}, copying or running. */
  public static PodView pod(int content, int dbid, boolean copying) {
    return new PodView(
        "ms-m" + content,
        content,
        dbid,
        copying ? "Pending" : "Running",
        copying ? PodView.Step.RUNNING : PodView.Step.SUCCEEDED,
        !copying,
        !copying,
        null,
        false,
        null,
        false,
        null);
  }
}
