package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.diff.PodView;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import java.util.List;

/** Reads the few facts the diff and the status need off a mirror Pod. */
final class PodViews {
  private PodViews() {}

  static PodView of(Pod pod) {
    var labels = pod.getMetadata().getLabels();
    int content = Integer.parseInt(labels.get(Labels.CONTENT));
    int dbid = Integer.parseInt(labels.getOrDefault(Labels.DBID, "-1"));
    var status = pod.getStatus();
    String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
    ContainerStatus init =
        find(
            status == null ? null : status.getInitContainerStatuses(),
            MirrorResources.BASE_BACKUP_CONTAINER);
    ContainerStatus main =
        find(
            status == null ? null : status.getContainerStatuses(),
            MirrorResources.MIRROR_CONTAINER);
    PodView.Step baseBackup = step(init);
    boolean running =
        main != null && main.getState() != null && main.getState().getRunning() != null;
    boolean ready = main != null && Boolean.TRUE.equals(main.getReady());
    return new PodView(
        pod.getMetadata().getName(),
        content,
        dbid,
        phase,
        baseBackup,
        running,
        ready,
        reason(init, main, status == null ? null : status.getReason()),
        pod.getMetadata().getDeletionTimestamp() != null);
  }

  private static PodView.Step step(ContainerStatus init) {
    if (init == null || init.getState() == null) {
      return PodView.Step.WAITING;
    }
    if (init.getState().getTerminated() != null) {
      Integer exit = init.getState().getTerminated().getExitCode();
      return exit != null && exit == 0 ? PodView.Step.SUCCEEDED : PodView.Step.FAILED;
    }
    if (init.getState().getRunning() != null) {
      return PodView.Step.RUNNING;
    }
    return PodView.Step.WAITING;
  }

  private static String reason(ContainerStatus init, ContainerStatus main, String podReason) {
    for (ContainerStatus c : new ContainerStatus[] {main, init}) {
      if (c != null && c.getState() != null) {
        if (c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null) {
          return c.getState().getWaiting().getReason();
        }
        if (c.getState().getTerminated() != null
            && c.getState().getTerminated().getReason() != null) {
          return c.getState().getTerminated().getReason();
        }
      }
    }
    return podReason;
  }

  private static ContainerStatus find(List<ContainerStatus> statuses, String name) {
    if (statuses == null) {
      return null;
    }
    return statuses.stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
  }
}
