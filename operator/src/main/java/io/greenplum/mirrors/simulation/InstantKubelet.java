package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.greenplum.mirrors.emulation.GreenplumEmulation;
import io.greenplum.mirrors.emulation.WalSender;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.resources.Labels;
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

  private long tick;

  public InstantKubelet(
      KubernetesClient client, GreenplumEmulation greenplum, SimulationSpeed speed) {
    this.client = client;
    this.greenplum = greenplum;
    this.speed = speed;
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
      if (!started) {
        status(
            pod,
            PodStatuses.running("copied: dbid=" + pod.getMetadata().getLabels().get(Labels.DBID)));
        greenplum.walSender(
            content,
            WalSender.mirror("streaming", "0/5000000", "0/5000000", "0/5000000", "0/5000000"));
        running.put(uid, content);
      }
    }
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
