package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.greenplum.mirrors.emulation.GreenplumEmulation;
import io.greenplum.mirrors.emulation.WalSender;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATION. A simulated kubelet and simulated Greenplum segments, for the demo and the end-to-end
 * tests: the kubelet runs mirror pods (base backup with pg_basebackup --progress lines in the pod
 * log, then the mirror container), and the segments follow the sequence the real cluster showed
 * (fixtures/gp7-real): registered and not streaming; once the pod runs, catchup then streaming with
 * advancing WAL positions; in sync at the next FTS probe. A mirror whose pod disappears stops
 * streaming at once and is marked down by FTS only after the grace period. Deterministic: it moves
 * only on its own ticks.
 */
public final class SimulatedCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);
  private static final long TOTAL_KB = 29_169;

  /** Ticks the kubelet waits before running a failed init container again. */
  private static final int RESTART_BACKOFF_TICKS = 3;

  private final KubernetesClient client;
  private final KubernetesMockServer server;
  private final GreenplumEmulation greenplum;
  private final SimulationSpeed speed;
  private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
  private final Map<String, String> logs = new ConcurrentHashMap<>();
  private final Set<Integer> copied = new HashSet<>();
  private final Map<Integer, Long> stoppedAt = new HashMap<>();
  private final Set<Integer> failNextCopy = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "simulated-cluster"));
  private long tick;
  private long wal = 0x5000000L;

  /** Where one mirror pod stands in the simulated kubelet. */
  private static final class PodRun {
    final int content;
    final String name;
    String step = "new";
    int ticks;

    PodRun(int content, String name) {
      this.content = content;
      this.name = name;
    }
  }

  public SimulatedCluster(
      KubernetesClient client,
      KubernetesMockServer server,
      GreenplumEmulation greenplum,
      SimulationSpeed speed) {
    this.client = client;
    this.server = server;
    this.greenplum = greenplum;
    this.speed = speed;
  }

  public void start() {
    long period = speed.tick().toMillis();
    timer.scheduleWithFixedDelay(this::safeTick, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Fault: the acting primary of {@code content} dies and FTS promotes its in-sync mirror within
   * seconds, as on the real cluster (05-roles-switched.txt).
   */
  public synchronized void failPrimary(int content) throws SQLException {
    greenplum.failPrimary(content);
  }

  /** The next base backup of {@code content} fails (the init container exits 1). */
  public void failNextCopy(int content) {
    failNextCopy.add(content);
  }

  /** The kubelet evicts the running pod named {@code pod}: its phase becomes Failed for good. */
  public synchronized void evict(String pod) {
    runs.values().stream().filter(run -> run.name.equals(pod)).forEach(run -> run.step = "evicted");
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
    List<Pod> pods =
        client
            .pods()
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
      int content = Integer.parseInt(pod.getMetadata().getLabels().get(Labels.CONTENT));
      PodRun run =
          runs.computeIfAbsent(
              pod.getMetadata().getUid(), uid -> new PodRun(content, pod.getMetadata().getName()));
      advance(pod, run);
    }
    for (Map.Entry<String, PodRun> gone : Map.copyOf(runs).entrySet()) {
      if (!alive.contains(gone.getKey())) {
        runs.remove(gone.getKey());
        greenplum.stopMirror(gone.getValue().content);
        stoppedAt.put(gone.getValue().content, tick);
      }
    }
    if (tick % speed.ftsProbeTicks() == 0) {
      ftsProbe();
    }
  }

  private void ftsProbe() throws SQLException {
    for (Map.Entry<Integer, Long> stopped : Map.copyOf(stoppedAt).entrySet()) {
      if (tick - stopped.getValue() >= speed.graceTicks()) {
        greenplum.markStoppedMirrorDown(stopped.getKey());
        stoppedAt.remove(stopped.getKey());
      }
    }
    greenplum.ftsProbe();
  }

  private void advance(Pod pod, PodRun run) throws SQLException {
    run.ticks++;
    switch (run.step) {
      case "new" -> {
        if (copied.contains(run.content)) {
          running(pod, run);
        } else {
          run.step = "copying";
          run.ticks = 0;
          serveLog(pod, run);
          status(pod, PodStatuses.copying());
        }
      }
      case "copying" -> copying(pod, run);
      case "catchup" -> {
        long behind = Math.max(0, speed.catchupTicks() - run.ticks) * 0x100000L;
        greenplum.walSender(
            run.content,
            WalSender.mirror(
                "catchup",
                lsn(wal),
                lsn(wal - behind / 2),
                lsn(wal - behind / 2),
                lsn(wal - behind)));
        if (run.ticks >= speed.catchupTicks()) {
          run.step = "streaming";
        }
      }
      case "streaming" -> {
        if (run.ticks % 5 == 0) {
          greenplum.walSender(
              run.content, WalSender.mirror("streaming", lsn(wal), lsn(wal), lsn(wal), lsn(wal)));
        }
      }
      case "failed" -> {
        if (run.ticks >= RESTART_BACKOFF_TICKS) {
          // restartPolicy Always: the kubelet runs the failed init container again.
          run.step = "copying";
          run.ticks = 0;
          logs.merge(run.name, "pg_basebackup: initiating base backup again\n", String::concat);
          status(pod, PodStatuses.copying());
        }
      }
      default -> {}
    }
  }

  private void copying(Pod pod, PodRun run) {
    long done = Math.min(TOTAL_KB, TOTAL_KB * run.ticks / speed.copyTicks());
    logs.merge(
        run.name,
        String.format("%5d/%d kB (%d%%), 0/1 tablespace%n", done, TOTAL_KB, done * 100 / TOTAL_KB),
        String::concat);
    if (run.ticks >= speed.copyTicks() / 2 && failNextCopy.remove(run.content)) {
      logs.merge(
          run.name,
          "pg_basebackup: error: could not read COPY data: connection reset\n",
          String::concat);
      run.step = "failed";
      run.ticks = 0;
      status(pod, PodStatuses.copyFailed());
      return;
    }
    if (done >= TOTAL_KB) {
      logs.merge(run.name, "pg_basebackup: base backup completed\n", String::concat);
      copied.add(run.content);
      running(pod, run);
    }
  }

  private void running(Pod pod, PodRun run) {
    run.step = "catchup";
    run.ticks = 0;
    stoppedAt.remove(run.content);
    status(pod, PodStatuses.running());
  }

  private void serveLog(Pod pod, PodRun run) {
    logs.put(
        run.name, "pg_basebackup: initiating base backup, waiting for checkpoint to complete\n");
    if (server != null) {
      server
          .expect()
          .get()
          .withPath(
              "/api/v1/namespaces/"
                  + pod.getMetadata().getNamespace()
                  + "/pods/"
                  + run.name
                  + "/log?pretty=false&container="
                  + MirrorResources.BASE_BACKUP_CONTAINER
                  + "&tailLines=50")
          .andReply(200, request -> logs.getOrDefault(run.name, ""))
          .always();
    }
  }

  /** Writes the pod status a kubelet would. */
  private void status(Pod pod, PodStatus status) {
    pod.setStatus(status);
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.debug("pod {} is gone: {}", pod.getMetadata().getName(), e.getMessage());
    }
  }

  private static String lsn(long position) {
    return Long.toHexString(position >>> 32).toUpperCase()
        + "/"
        + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
