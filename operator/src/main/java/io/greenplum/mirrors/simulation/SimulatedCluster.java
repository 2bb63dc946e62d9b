package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.greenplum.mirrors.emulation.GreenplumEmulation;
import io.greenplum.mirrors.emulation.WalSender;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorInit;
import io.greenplum.mirrors.resources.MirrorResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATION. A simulated kubelet and simulated Greenplum segments, for the demo and the end-to-end
 * tests. The kubelet mounts each pod's volume (a directory of its own per volume claim, with the
 * fsGroup behaviour the pod asks for) and runs the pod's real scripts under bash against fake
 * Greenplum programs ({@link FakeTools}): the init container decides on the directory and copies,
 * the preflight pod checks. The mirror container is the simulation's: it starts only on a directory
 * postgres would start on, and then the segments follow the sequence the real cluster showed
 * (fixtures/gp7-real): catchup then streaming with advancing WAL positions; in sync at the next FTS
 * probe. A mirror whose pod disappears stops streaming at once and is marked down by FTS only after
 * the grace period.
 */
public final class SimulatedCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);

  /** Ticks the kubelet waits before running a failed init container again. */
  private static final int RESTART_BACKOFF_TICKS = 3;

  private final KubernetesClient client;
  private final KubernetesMockServer server;
  private final GreenplumEmulation greenplum;
  private final SimulationSpeed speed;
  private final Path root;
  private final Path bin;
  private final SimulatedVolumes volumes;
  private final Map<String, MirrorRun> runs = new ConcurrentHashMap<>();
  private final SimulatedScheduler scheduler;
  private final Map<String, Path> logs = new ConcurrentHashMap<>();
  private final Set<Integer> failNextCopy = ConcurrentHashMap.newKeySet();
  private final Set<String> refusingHosts = ConcurrentHashMap.newKeySet();
  private volatile String replicationPassword;
  private final Set<Integer> walRemoved = ConcurrentHashMap.newKeySet();
  private final Set<String> unpullable = ConcurrentHashMap.newKeySet();
  private final Set<Integer> outsideMirrorsStreaming = ConcurrentHashMap.newKeySet();
  private final Map<String, StringBuilder> mirrorLogs = new ConcurrentHashMap<>();
  private final Map<String, String> releases = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> copies = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> rewinds = new ConcurrentHashMap<>();
  private final List<String> startsOnIncompleteDirectories = new CopyOnWriteArrayList<>();
  private final Map<Integer, Instant> mirrorStops = new ConcurrentHashMap<>();
  private final SimulatedWorld world;
  private final Set<Integer> handStarted = ConcurrentHashMap.newKeySet();
  private final Set<Integer> podDbids = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Role> lastRoles = new ConcurrentHashMap<>();
  private final SimulatedFaults faults;
  private final Set<String> downNodes = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Path> directories = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "simulated-cluster"));
  private long eventsRead;
  private long tick;
  private long wal = 0x5000000L;

  public SimulatedCluster(
      KubernetesClient client,
      KubernetesMockServer server,
      GreenplumEmulation greenplum,
      SimulationSpeed speed) {
    this.client = client;
    this.server = server;
    this.greenplum = greenplum;
    this.speed = speed;
    this.faults = new SimulatedFaults(greenplum);
    this.scheduler = new SimulatedScheduler(client);
    try {
      this.root = Files.createTempDirectory("gpmirrors-simulation");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.bin = FakeTools.install(root.resolve("bin"));
    this.volumes = new SimulatedVolumes(root.resolve("volumes"));
    this.world = new SimulatedWorld(root.resolve("world"));
  }

  public void start() {
    long period = speed.tick().toMillis();
    timer.scheduleWithFixedDelay(this::safeTick, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Fault: the acting primary of {@code content} (or its host) dies. FTS promotes its mirror at its
   * next probe only when the pair is in sync (05-roles-switched.txt); else the content has no
   * primary until it comes back (a double failure: p/n/u and m/n/d stay in the catalog).
   */
  public synchronized void failPrimary(int content) throws SQLException {
    handStarted.removeAll(dbids(content, greenplum.instances()));
    greenplum.stopPrimary(content);
    greenplum.ftsProbe();
    refreshWorld();
  }

  /** The primary of {@code content} outside Kubernetes, down after a double failure, runs again. */
  public synchronized void restartPrimary(int content) throws SQLException {
    greenplum.startPrimary(content);
    refreshWorld();
  }

  /** Fault: the node reboots: {@link #nodeDown} then {@link #nodeUp} at once. */
  public synchronized void rebootNode(String node) throws SQLException {
    nodeDown(node);
    nodeUp(node);
  }

  /**
   * Fault: the node {@code node} goes down: every container of its pods stops at once, and nothing
   * runs there until {@link #nodeUp}, when every container runs again, init container first, with
   * the arguments the pod was made with and the annotations it has then (the downward-API file).
   * Its pods stay in the API as they were (the node controller takes minutes to act).
   */
  public synchronized void nodeDown(String node) throws SQLException {
    downNodes.add(node);
    for (MirrorRun run : runs.values()) {
      if (node.equals(run.node) && run.content >= 0) {
        stop(run);
        run.mirrorStarted = false;
        run.step = MirrorRun.Step.NEW;
        run.ticks = 0;
      }
    }
    refreshWorld();
  }

  /** The node is back: its pods start again, init containers first, with their own arguments. */
  public synchronized void nodeUp(String node) {
    downNodes.remove(node);
  }

  /**
   * The primaries ask replication connections for {@code password} and know {@code role}, a
   * non-superuser; with {@code rewindRights} it has what pg_rewind needs of one (EXECUTE on the
   * file functions and TEMPORARY in template1, operator-day2-on-real-cluster.txt section 9), else
   * its rewinds fail with "permission denied for function pg_read_binary_file".
   */
  public void replicationRole(String role, String password, boolean rewindRights)
      throws SQLException {
    greenplum.createReplicationRole(role, password, rewindRights);
    requireReplicationPassword(password);
    if (!rewindRights) {
      faults.replicationRoleWithoutRewindRights();
    }
  }

  /** Faults of what the pods' programs meet: checksums, rights, slow rewinds and deletes. */
  public SimulatedFaults faults() {
    return faults;
  }

  /** The data directory the latest pod of {@code content} started on (on its volume), or null. */
  public Path dataDirectory(int content) {
    return directories.get(content);
  }

  /**
   * Fault: the DBA starts the failed-over old primary of {@code content} by hand with pg_ctl, as it
   * is: without standby file it runs as a standalone primary on its old timeline
   * (operator-failover-rebalance-on-real-cluster.txt section 2).
   */
  public synchronized void startOldPrimaryByHand(int content) throws SQLException {
    for (Segment row : greenplum.instances()) {
      if (row.content() == content
          && row.role() == Role.MIRROR
          && row.preferredRole() == Role.PRIMARY
          && !podDbids.contains(row.dbid())) {
        handStarted.add(row.dbid());
      }
    }
    refreshWorld();
  }

  /** The DBA stops what {@link #startOldPrimaryByHand} started. */
  public synchronized void stopOldPrimaryByHand(int content) throws SQLException {
    handStarted.removeAll(dbids(content, greenplum.instances()));
    refreshWorld();
  }

  /** The dbids running as primary now, by content, as the instances would answer (two: two). */
  public Map<Integer, List<Integer>> runningPrimaries() {
    return world.primaries();
  }

  /** The dbids running as a mirror (standby) now, by content, as the instances would answer. */
  public Map<Integer, List<Integer>> runningMirrors() {
    return world.standbys();
  }

  /**
   * What gprecoverseg -a does on the DBA's side: the old primary of {@code content} (outside
   * Kubernetes) is rewound against our acting primary and streams from it; FTS marks the pair in
   * sync (05b-recovered-roles-still-switched.txt).
   */
  public synchronized void recoverOldPrimary(int content) throws SQLException {
    outsideMirrorsStreaming.add(content);
    List<Segment> rows = greenplum.instances();
    for (Segment row : rows) {
      if (row.content() == content && row.role() == Role.PRIMARY) {
        for (int dbid : dbids(content, rows)) {
          world.timeline(dbid, world.timeline(row.dbid()));
        }
      }
    }
    greenplum.walSender(
        content, WalSender.mirror("streaming", lsn(wal), lsn(wal), lsn(wal), lsn(wal)));
    greenplum.ftsProbe();
    refreshWorld();
  }

  /** Our mirror, promoted by FTS, runs as the acting primary on a new timeline. */
  private void promote(MirrorRun run, List<Segment> rows) {
    run.step = MirrorRun.Step.ACTING_PRIMARY;
    run.actingPrimary = true;
    world.promoteDirectory(
        run.dbid, dbids(run.content, rows), run.dataDirectory, greenplum.tools());
  }

  private static List<Integer> dbids(int content, List<Segment> rows) {
    return rows.stream().filter(r -> r.content() == content).map(Segment::dbid).toList();
  }

  /**
   * The world the fake programs see, made to match the catalog and the pods now: a mirror FTS has
   * promoted runs as a primary on a new timeline; an instance outside Kubernetes runs as the
   * catalog's primary unless it stopped, as a standby once the DBA recovered it, or as a primary
   * when started by hand; our instances run as their pods do.
   */
  private void refreshWorld() throws SQLException {
    List<Segment> rows = greenplum.instances();
    Set<Integer> stopped = greenplum.stoppedPrimaries();
    Map<Integer, MirrorRun> started = new HashMap<>();
    runs.values().stream().filter(r -> r.mirrorStarted).forEach(r -> started.put(r.dbid, r));
    for (Segment row : rows) {
      Role before = lastRoles.put(row.dbid(), row.role());
      if (before == Role.MIRROR && row.role() == Role.PRIMARY) {
        MirrorRun run = started.get(row.dbid());
        if (run != null && run.step != MirrorRun.Step.ACTING_PRIMARY) {
          promote(run, rows);
        } else if (run == null && !podDbids.contains(row.dbid())) {
          world.promote(row.dbid(), dbids(row.content(), rows));
          outsideMirrorsStreaming.remove(row.content());
        }
      }
    }
    List<SimulatedWorld.Instance> running = new ArrayList<>();
    for (Segment row : rows) {
      MirrorRun run = started.get(row.dbid());
      boolean primary;
      if (run != null) {
        primary = run.step == MirrorRun.Step.ACTING_PRIMARY;
      } else if (podDbids.contains(row.dbid())) {
        continue;
      } else if (handStarted.contains(row.dbid())) {
        primary = true;
      } else if (row.role() == Role.PRIMARY && !stopped.contains(row.content())) {
        primary = true;
      } else if (row.role() == Role.MIRROR && outsideMirrorsStreaming.contains(row.content())) {
        primary = false;
      } else {
        continue;
      }
      running.add(
          new SimulatedWorld.Instance(
              row.dbid(), row.content(), row.address(), row.port(), primary));
    }
    world.show(running);
  }

  /** The next base backup of {@code content} breaks half way (the init container exits 1). */
  public void failNextCopy(int content) {
    failNextCopy.add(content);
  }

  /** Where the simulated volumes keep their files (one directory per volume claim UID). */
  public Path volumesRoot() {
    return root.resolve("volumes");
  }

  /** The primaries' pg_hba.conf asks replication connections for this password (scram). */
  public void requireReplicationPassword(String password) {
    replicationPassword = password;
  }

  /** Fault: the primaries' pg_hba.conf has no replication entry for mirror host {@code host}. */
  public void refuseReplicationFrom(String host) {
    refusingHosts.add(host);
  }

  /** The DBA added the replication entries for {@code host} and reloaded the primaries. */
  public void allowReplicationFrom(String host) {
    refusingHosts.remove(host);
  }

  /** Images named {@code image} carry Greenplum {@code release} (default: the cluster's). */
  public void imageRelease(String image, String release) {
    releases.put(image, release);
  }

  /** How many base backups of {@code content} transferred data (a copy killed half way counts). */
  public int copies(int content) {
    readEvents();
    return copies.getOrDefault(content, 0);
  }

  /** How many times pg_rewind turned the directory of {@code content}'s instance into a mirror. */
  public int rewinds(int content) {
    readEvents();
    return rewinds.getOrDefault(content, 0);
  }

  /** Mirrors started on a directory that was not a complete copy of their dbid (must be none). */
  public List<String> startsOnIncompleteDirectories() {
    return List.copyOf(startsOnIncompleteDirectories);
  }

  /** When the mirror process of {@code content} last stopped (its WAL sender went), or null. */
  public Instant mirrorStopped(int content) {
    return mirrorStops.get(content);
  }

  /** Fault: the primary of {@code content} recycled the WAL its mirror needs: copy it again. */
  public void removeWal(int content) {
    walRemoved.add(content);
  }

  /** Fault: pods on {@code node} cannot pull their image (ImagePullBackOff). */
  public void imagePullFailsOn(String node) {
    unpullable.add(node);
  }

  /** What pod {@code pod}'s init container (or preflight container) printed so far. */
  public String log(String pod) {
    Path log = logs.get(pod);
    try {
      return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Fault: the mirror process of {@code content} dies and its container stays down (crash loop):
   * its WAL sender goes at once, FTS marks it down after the grace period.
   */
  public synchronized void killMirror(int content) throws SQLException {
    for (MirrorRun run : runs.values()) {
      if (run.content == content && run.mirrorStarted) {
        boolean primary = run.step == MirrorRun.Step.ACTING_PRIMARY;
        run.step = MirrorRun.Step.CRASHING;
        run.mirrorStarted = false;
        if (primary) {
          // An acting primary that dies is a primary down: FTS promotes its mirror if in sync.
          outsideMirrorsStreaming.remove(content);
          greenplum.stopPrimary(content);
        } else {
          greenplum.stopMirror(content);
          mirrorStops.put(content, Instant.now());
        }
        Pod pod =
            client.pods().inNamespace(SimulatedEnvironment.NAMESPACE).withName(run.name).get();
        if (pod != null) {
          status(pod, PodStatuses.mirrorCrashing(null));
        }
      }
    }
    refreshWorld();
  }

  /** The kubelet evicts the running pod named {@code pod}: its phase becomes Failed for good. */
  public synchronized void evict(String pod) {
    runs.values().stream()
        .filter(run -> run.name.equals(pod))
        .forEach(run -> run.step = MirrorRun.Step.EVICTED);
    Pod current = client.pods().inNamespace(SimulatedEnvironment.NAMESPACE).withName(pod).get();
    if (current != null) {
      status(current, PodStatuses.evicted());
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException | SQLException e) {
      LOG.debug("simulation tick failed: {}", e.getMessage());
    }
  }

  synchronized void tick() throws SQLException {
    tick++;
    wal += 0x40000;
    readEvents();
    List<Pod> pods = operatorPods(client);
    List<PersistentVolumeClaim> claims =
        client
            .persistentVolumeClaims()
            .inAnyNamespace()
            .withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
            .list()
            .getItems();
    Set<String> alive = new HashSet<>();
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      alive.add(pod.getMetadata().getUid());
      MirrorRun run = runs.computeIfAbsent(pod.getMetadata().getUid(), uid -> new MirrorRun(pod));
      if (downNodes.contains(MirrorResources.node(pod)) || !scheduler.places(pod, run)) {
        continue;
      }
      if (Labels.isPreflight(pod.getMetadata().getLabels())) {
        advancePreflight(pod, run);
      } else {
        advance(pod, run, claims);
      }
    }
    for (Map.Entry<String, MirrorRun> gone : Map.copyOf(runs).entrySet()) {
      if (!alive.contains(gone.getKey())) {
        stop(runs.remove(gone.getKey()));
      }
    }
    if (tick % speed.ftsProbeTicks() == 0) {
      // FTS's own probe: it marks a stopped mirror down once the grace period has passed.
      greenplum.ftsProbe();
    }
    refreshWorld();
  }

  /**
   * The kubelet kills what a deleted pod ran (fast shutdown): a running mirror stops streaming at
   * once; an acting primary stops and FTS promotes its mirror at its next probe if they were in
   * sync.
   */
  private void stop(MirrorRun run) throws SQLException {
    if (run.process != null && run.process.alive()) {
      run.process.kill();
    }
    if (run.mirrorStarted
        && run.step == MirrorRun.Step.ACTING_PRIMARY
        && greenplum.actsAsPrimary(run.dbid)) {
      outsideMirrorsStreaming.remove(run.content);
      greenplum.stopPrimary(run.content);
    } else if (run.mirrorStarted) {
      greenplum.stopMirror(run.content);
      mirrorStops.put(run.content, Instant.now());
    }
  }

  private void advance(Pod pod, MirrorRun run, List<PersistentVolumeClaim> claims)
      throws SQLException {
    run.ticks++;
    switch (run.step) {
      case NEW -> {
        if (unpullable.contains(MirrorResources.node(pod))) {
          status(
              pod,
              PodStatuses.imagePullBackOff(pod.getSpec().getInitContainers().get(0).getImage()));
          run.step = MirrorRun.Step.DONE;
          return;
        }
        run.volume = volumes.mount(pod, claims);
        if (run.volume != null) {
          startInit(pod, run);
        }
      }
      case INIT -> initEnded(pod, run);
      case FAILED -> {
        if (run.ticks >= RESTART_BACKOFF_TICKS) {
          // restartPolicy Always: the kubelet runs the failed init container again.
          startInit(pod, run);
        }
      }
      case WAL_MISSING -> {
        if (run.ticks % 5 == 0) {
          mirrorLog(
              run.name,
              "FATAL:  could not receive data from WAL stream: ERROR:  requested WAL segment"
                  + " 000000010000000000000003 has already been removed\n");
        }
      }
      case CATCHUP -> {
        long ticksLeft = Math.max(0, speed.catchupTicks() - run.ticks);
        long behind = ticksLeft * 0x100000L;
        greenplum.walSender(
            run.content,
            WalSender.mirror(
                    "catchup",
                    lsn(wal),
                    lsn(wal - behind / 2),
                    lsn(wal - behind / 2),
                    lsn(wal - behind))
                .lagging(speed.seconds(Math.max(1, ticksLeft))));
        if (run.ticks >= speed.catchupTicks()) {
          run.step = MirrorRun.Step.STREAMING;
        }
      }
      case STREAMING -> {
        if (run.ticks % 5 == 0) {
          greenplum.walSender(
              run.content, WalSender.mirror("streaming", lsn(wal), lsn(wal), lsn(wal), lsn(wal)));
        }
      }
      case ACTING_PRIMARY -> {
        // The old primary, recovered by the DBA, streams from this one.
        if (run.ticks % 5 == 0 && outsideMirrorsStreaming.contains(run.content)) {
          greenplum.walSender(
              run.content, WalSender.mirror("streaming", lsn(wal), lsn(wal), lsn(wal), lsn(wal)));
        }
      }
      default -> {}
    }
  }

  private void startInit(Pod pod, MirrorRun run) {
    var init = pod.getSpec().getInitContainers().get(0);
    String mountPath = init.getVolumeMounts().get(0).getMountPath();
    Path roleFile = PodSetup.projectRole(pod, run.workDir(root));
    List<String> command = new ArrayList<>(init.getCommand());
    for (String arg : init.getArgs()) {
      if (arg.equals(MirrorInit.ROLE_FILE)) {
        command.add(roleFile.toString());
      } else {
        command.add(
            arg.startsWith(mountPath + "/") ? run.volume + arg.substring(mountPath.length()) : arg);
      }
    }
    run.node = MirrorResources.node(pod);
    podDbids.add(run.dbid);
    List<String> args = command.subList(4, command.size());
    run.dataDirectory = Path.of(MirrorInit.value(args, "--dir"));
    directories.put(run.content, run.dataDirectory);
    run.actingPrimary = Boolean.parseBoolean(MirrorInit.value(args, "--acting-primary"));
    Map<String, String> env = env(pod, init.getImage());
    env.putAll(PodSetup.containerEnv(client, pod, init));
    env.put("SIM_CONTENT", String.valueOf(run.content));
    env.put("SIM_COPY_MS", String.valueOf(speed.tick().toMillis() * speed.copyTicks()));
    env.put("SIM_EVENTS", root.resolve("events").toString());
    env.put("SIM_FAIL_HALFWAY", failNextCopy.remove(run.content) ? "1" : "0");
    env.putAll(faults.env());
    try {
      env.put("SIM_SLOT_EXISTS", greenplum.slots().contains(run.content) ? "1" : "0");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    run.process = PodProcess.start(command, env, run.workDir(root), log(pod));
    run.step = MirrorRun.Step.INIT;
    run.ticks = 0;
    status(pod, PodStatuses.copying());
  }

  private void initEnded(Pod pod, MirrorRun run) throws SQLException {
    if (run.process.alive()) {
      return;
    }
    readEvents();
    String message = run.process.terminationMessage();
    if (run.process.exitCode() != 0) {
      run.step = MirrorRun.Step.FAILED;
      run.ticks = 0;
      status(pod, PodStatuses.copyFailed(run.process.exitCode(), message));
      return;
    }
    String refusal = MirrorDirectory.refusal(run.dataDirectory);
    if (refusal != null) {
      LOG.info("simulated postgres refuses {}: {}", run.dataDirectory, refusal);
      run.step = MirrorRun.Step.CRASHING;
      status(pod, PodStatuses.mirrorCrashing(message));
      return;
    }
    // As postgres does: a directory without standby file starts as a primary, whatever the pod
    // was made for.
    run.actingPrimary = !Files.exists(run.dataDirectory.resolve(greenplum.tools().standbyFile()));
    if (!MirrorDirectory.complete(run.dataDirectory, greenplum.tools(), run.actingPrimary)) {
      startsOnIncompleteDirectories.add(pod.getMetadata().getName() + ": " + run.dataDirectory);
    }
    world.timeline(run.dbid, MirrorDirectory.timeline(run.dataDirectory));
    run.mirrorStarted = true;
    run.ticks = 0;
    if (run.actingPrimary) {
      if (greenplum.actsAsPrimary(run.dbid)) {
        greenplum.startPrimary(run.content);
      }
      mirrorLog(run.name, "LOG:  database system is ready to accept connections\n");
      run.step = MirrorRun.Step.ACTING_PRIMARY;
      status(pod, PodStatuses.running(message));
      return;
    }
    startsAsStandby(run.dataDirectory);
    // The WAL it needs is gone from its primary: a directory kept as it was cannot stream.
    run.walMissing =
        walRemoved.contains(run.content) && message != null && message.startsWith("kept:");
    mirrorLog(run.name, "LOG:  database system is ready to accept read-only connections\n");
    run.step = run.walMissing ? MirrorRun.Step.WAL_MISSING : MirrorRun.Step.CATCHUP;
    status(pod, PodStatuses.running(message));
  }

  /** As postgres does on its first start from a base backup: backup_label becomes .old. */
  private static void startsAsStandby(Path dir) {
    Path label = dir.resolve("backup_label");
    try {
      if (Files.exists(label)) {
        Files.move(label, dir.resolve("backup_label.old"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void advancePreflight(Pod pod, MirrorRun run) {
    if (run.step == MirrorRun.Step.NEW) {
      var container = pod.getSpec().getContainers().get(0);
      List<String> command = new ArrayList<>(container.getCommand());
      command.addAll(container.getArgs());
      Map<String, String> env = env(pod, container.getImage());
      env.putAll(PodSetup.containerEnv(client, pod, container));
      run.process = PodProcess.start(command, env, run.workDir(root), log(pod));
      run.step = MirrorRun.Step.INIT;
      status(pod, PodStatuses.preflightRunning());
    } else if (run.step == MirrorRun.Step.INIT && !run.process.alive()) {
      run.step = MirrorRun.Step.DONE;
      status(
          pod,
          PodStatuses.preflightEnded(run.process.exitCode(), run.process.terminationMessage()));
    }
  }

  /** What a pod's scripts see: the fake programs first on PATH, and this host's world. */
  private Map<String, String> env(Pod pod, String image) {
    // Simulated segment hosts are named like their nodes.
    String host = MirrorResources.node(pod);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("SIM_GP_VERSION", releases.getOrDefault(image, defaultRelease()));
    env.put("SIM_REFUSED", refusingHosts.contains(host) ? "1" : "0");
    env.put("SIM_HOST_ADDRESS", host);
    env.put("SIM_WORLD", world.dir().toString());
    if (replicationPassword != null) {
      env.put("SIM_PASSWORD", replicationPassword);
    }
    return env;
  }

  private String defaultRelease() {
    return greenplum.tools() == SegmentTools.GREENPLUM_6 ? "6.26.1" : "7.1.0";
  }

  /** Answers the operator's read of the last {@code lines} of a container's log. */
  static void serveLog(
      KubernetesMockServer server,
      Pod pod,
      String container,
      int lines,
      java.util.function.Supplier<String> text) {
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + pod.getMetadata().getNamespace()
                + "/pods/"
                + pod.getMetadata().getName()
                + "/log?pretty=false&container="
                + container
                + "&tailLines="
                + lines)
        .andReply(200, request -> text.get())
        .always();
  }

  /** A new log file for the pod, served where kubectl logs would find it. */
  private Path log(Pod pod) {
    String name = pod.getMetadata().getName();
    Path log = root.resolve("logs").resolve(pod.getMetadata().getUid() + ".log");
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    mirrorLogs.put(name, new StringBuilder());
    if (logs.put(name, log) == null && server != null) {
      serveLog(
          server,
          pod,
          MirrorResources.MIRROR_CONTAINER,
          20,
          () -> String.valueOf(mirrorLogs.getOrDefault(name, new StringBuilder())));
      serveLog(server, pod, MirrorResources.BASE_BACKUP_CONTAINER, 50, () -> log(name));
    }
    return log;
  }

  private void mirrorLog(String pod, String line) {
    mirrorLogs.computeIfAbsent(pod, p -> new StringBuilder()).append(line);
  }

  /** Copies and slots the fake pg_basebackup recorded since the last read. */
  private synchronized void readEvents() {
    Path events = root.resolve("events");
    try {
      if (!Files.exists(events)) {
        return;
      }
      List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
      for (long i = eventsRead; i < lines.size(); i++) {
        String[] f = lines.get((int) i).split(" ");
        int content = Integer.parseInt(f[1]);
        if (f[0].equals("copy")) {
          copies.merge(content, 1, Integer::sum);
        } else if (f[0].equals("rewind")) {
          rewinds.merge(content, 1, Integer::sum);
        } else if (f[0].equals("slot")) {
          greenplum.createSlot(content);
        }
      }
      eventsRead = lines.size();
    } catch (IOException | SQLException e) {
      LOG.debug("simulation events not read: {}", e.getMessage());
    }
  }

  /** Writes the pod status a kubelet would. */
  private void status(Pod pod, PodStatus status) {
    writeStatus(client, pod, status);
  }

  /** Writes {@code pod}'s status as a kubelet does (a pod deleted meanwhile is skipped). */
  static void writeStatus(KubernetesClient client, Pod pod, PodStatus status) {
    pod.setStatus(status);
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.debug("pod {} is gone: {}", pod.getMetadata().getName(), e.getMessage());
    }
  }

  /** Every pod the operator made (mirror and preflight pods), in every namespace. */
  static List<Pod> operatorPods(KubernetesClient client) {
    return client
        .pods()
        .inAnyNamespace()
        .withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
        .list()
        .getItems();
  }

  private static String lsn(long position) {
    return Long.toHexString(position >>> 32).toUpperCase()
        + "/"
        + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    runs.values().stream()
        .filter(run -> run.process != null && run.process.alive())
        .forEach(run -> run.process.kill());
    try (var all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.debug("simulation scratch space not removed: {}", e.getMessage());
    }
  }
}
