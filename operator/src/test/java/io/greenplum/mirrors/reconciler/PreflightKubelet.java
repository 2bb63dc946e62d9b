package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.simulation.PodStatuses;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet of operator tests that drive mirror pods by hand: every preflight pod ends at once
 * with the report of a host that can copy (a Greenplum 7.1.0 image, every primary accepting its
 * replication connection).
 */
final class PreflightKubelet implements AutoCloseable {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "preflight-kubelet"));

  private PreflightKubelet(KubernetesClient client) {
    timer.scheduleWithFixedDelay(() -> pass(client), 50, 50, TimeUnit.MILLISECONDS);
  }

  static PreflightKubelet start(KubernetesClient client) {
    return new PreflightKubelet(client);
  }

  /** What scripts/preflight.sh reports for a pod whose every check passes. */
  static String report(Pod pod) {
    List<String> args = pod.getSpec().getContainers().get(0).getArgs();
    StringBuilder report =
        new StringBuilder("postgres postgres (Greenplum Database) 7.1.0 build dev\n")
            .append("pg_basebackup pg_basebackup (PostgreSQL) 12.12\n");
    for (String target : args.subList(1, args.size())) {
      String[] f = target.split(":", 2);
      report.append("ok ").append(f[0]).append(' ').append(f[1]).append('\n');
    }
    return report.toString();
  }

  private void pass(KubernetesClient client) {
    try {
      for (Pod pod :
          client
              .pods()
              .inAnyNamespace()
              .withLabel(Labels.COMPONENT, Labels.PREFLIGHT)
              .list()
              .getItems()) {
        if (pod.getStatus() == null || pod.getStatus().getPhase() == null) {
          pod.setStatus(PodStatuses.preflightEnded(0, report(pod)));
          client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
        }
      }
    } catch (KubernetesClientException e) {
      // the pod went meanwhile; the next pass looks again
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
