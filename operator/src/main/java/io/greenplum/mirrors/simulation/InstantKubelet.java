package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.greenplum.mirrors.emulation.GreenplumEmulation;
import io.greenplum.mirrors.emulation.WalSender;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATION, for benchmarks. A kubelet that runs no process: a preflight pod passes at once, a
 * mirror pod's copy ends at once and its mirror streams, a deleted pod's mirror stops; FTS probes
 * at its interval. Its cost per tick is one list of pods and one status write per pod that changed,
 * so that 1,000 pods measure the operator, not the simulation ({@link SimulatedCluster} runs every
 * container as a process, which is what the e2e tests need and what 1,000 pods cannot afford).
 */
public final class InstantKubelet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InstantKubelet.class);

  private final KubernetesClient client;
  private final GreenplumEmulation greenplum;
  private final SimulationSpeed speed;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "instant-kubelet"));

  /** The running mirror pods, by uid: their content. */
  private final Map<String, Integer> running = new ConcurrentHashMap<>();

  /** The mirror pods whose copy runs, by uid: the tick it began. */
  private final Map<String, Long> copying = new ConcurrentHashMap<>();

  /** The tick each pod name's latest copy began, for the base backup log served under it. */
  private final Map<String, Long> copyBegan = new ConcurrentHashMap<>();

  private final KubernetesMockServer server;
  private final int copyTicks;
  private long tick;

  public InstantKubelet(
      KubernetesClient client, GreenplumEmulation greenplum, SimulationSpeed speed) {
    this(client, null, greenplum, speed, 0);
  }

  /**
   * A kubelet whose copies take {@code copyTicks} (0: they end at once), each reporting its
   * progress in its base backup log as pg_basebackup --progress does, served by {@code server}.
   */
  public InstantKubelet(
      KubernetesClient client,
      KubernetesMockServer server,
      GreenplumEmulation greenplum,
      SimulationSpeed speed,
      int copyTicks) {
    this.client = client;
    this.server = server;
    this.greenplum = greenplum;
    this.speed = speed;
    this.copyTicks = copyTicks;
  }

  public void start() {
    long period = speed.tick().toMillis();
    timer.scheduleWithFixedDelay(this::safeTick, period, period, TimeUnit.MILLISECONDS);
  }

  private void safeTick() {
    try {
      tick();
    } catch (SQLException | KubernetesClientException | IllegalStateException e) {
      if (!timer.isShutdown()) {
        LOG.warn("instant kubelet tick failed: {}", e.getMessage());
      }
    }
  }

  private synchronized void tick() throws SQLException {
    tick++;
    List<Pod> pods = SimulatedCluster.operatorPods(client);
    Map<String, Integer> alive = new HashMap<>();
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String uid = pod.getMetadata().getUid();
      boolean started = pod.getStatus() != null && pod.getStatus().getPhase() != null;
      if (Labels.isPreflight(pod.getMetadata().getLabels())) {
        if (!started) {
          status(pod, PodStatuses.preflightEnded(0, report(pod)));
        }
        continue;
      }
      int content = Integer.parseInt(pod.getMetadata().getLabels().get(Labels.CONTENT));
      alive.put(uid, content);
      if (!started && copyTicks > 0) {
        status(pod, PodStatuses.copying());
        copying.put(uid, tick);
        if (copyBegan.put(pod.getMetadata().getName(), tick) == null) {
          serveLog(pod);
        }
      } else if (!started || (copying.containsKey(uid) && tick - copying.get(uid) >= copyTicks)) {
        copying.remove(uid);
        status(
            pod,
            PodStatuses.running(
                "copied: dbid="
                    + pod.getMetadata().getLabels().get(Labels.DBID)
                    + " ("
                    + COPY_KB
                    + " kB)"));
        greenplum.walSender(
            content,
            WalSender.mirror("streaming", "0/5000000", "0/5000000", "0/5000000", "0/5000000"));
        running.put(uid, content);
      }
    }
    copying.keySet().retainAll(alive.keySet());
    for (Map.Entry<String, Integer> gone : Map.copyOf(running).entrySet()) {
      if (!alive.containsKey(gone.getKey())) {
        running.remove(gone.getKey());
        greenplum.stopMirror(gone.getValue());
      }
    }
    if (tick % speed.ftsProbeTicks() == 0) {
      greenplum.ftsProbe();
    }
  }

  /** Serves the pod's base backup log: pg_basebackup's progress lines up to now. */
  private void serveLog(Pod pod) {
    String name = pod.getMetadata().getName();
    SimulatedCluster.serveLog(
        server,
        pod,
        MirrorResources.BASE_BACKUP_CONTAINER,
        50,
        () -> progress(tick - copyBegan.getOrDefault(name, tick)));
  }

  /** The size of every copy here, in kB: 1 GiB. */
  private static final long COPY_KB = 1 << 20;

  /** pg_basebackup --progress after {@code ticks} of a copy of 1 GiB. */
  private String progress(long ticks) {
    long total = COPY_KB;
    long done = Math.min(total, total * ticks / copyTicks);
    return String.format("%d/%d kB (%d%%), 0/1 tablespace%n", done, total, done * 100 / total);
  }

  /** What a passing preflight reports: the image's release, then "ok" for every primary. */
  private String report(Pod pod) {
    String release = greenplum.tools() == SegmentTools.GREENPLUM_6 ? "6.26.1" : "7.1.0";
    StringBuilder report =
        new StringBuilder("postgres postgres (Greenplum Database) ")
            .append(release)
            .append(" build commit:simulated\npg_basebackup pg_basebackup (PostgreSQL) 12.12\n");
    List<String> args = pod.getSpec().getContainers().get(0).getArgs();
    for (String target : args.subList(1, args.size())) {
      String[] parts = target.split(":", 2);
      report.append("ok ").append(parts[0]).append(' ').append(parts[1]).append('\n');
    }
    return report.toString();
  }

  private void status(Pod pod, io.fabric8.kubernetes.api.model.PodStatus status) {
    SimulatedCluster.writeStatus(client, pod, status);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
