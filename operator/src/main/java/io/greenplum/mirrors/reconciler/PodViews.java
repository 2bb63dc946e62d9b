package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.diff.CompleteCopies;
import io.greenplum.mirrors.diff.PodView;
import io.greenplum.mirrors.diff.PreflightView;
import io.greenplum.mirrors.diff.VolumeView;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.resources.PreflightPod;
import java.time.Instant;
import java.util.List;

/** Reads the few facts the diff and the status need off mirror pods, volumes and preflight pods. */
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
    ContainerStateTerminated ended = lastEnd(init);
    return new PodView(
        pod.getMetadata().getName(),
        content,
        dbid,
        phase,
        baseBackup,
        running,
        ready,
        reason(init, main, status == null ? null : status.getReason()),
        pod.getMetadata().getDeletionTimestamp() != null,
        ended == null ? null : ended.getMessage(),
        ownedByMirrorSet(pod),
        waiting(pod, init, main),
        annotation(pod.getMetadata(), MirrorResources.TEMPLATE_HASH),
        annotation(pod.getMetadata(), Annotations.LOCATION),
        annotation(pod.getMetadata(), Annotations.ROLE),
        labels.get(Labels.ROLE));
  }

  private static String annotation(io.fabric8.kubernetes.api.model.ObjectMeta meta, String key) {
    return meta.getAnnotations() == null ? null : meta.getAnnotations().get(key);
  }

  /** Why the pod does not run yet: a waiting container's reason and message, or the scheduler's. */
  private static String waiting(Pod pod, ContainerStatus init, ContainerStatus main) {
    for (ContainerStatus c : new ContainerStatus[] {init, main}) {
      if (c != null && c.getState() != null && c.getState().getWaiting() != null) {
        var w = c.getState().getWaiting();
        if (w.getReason() != null && !"PodInitializing".equals(w.getReason())) {
          return w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage());
        }
      }
    }
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      return pod.getStatus().getConditions().stream()
          .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
          .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()))
          .findFirst()
          .orElse(null);
    }
    return null;
  }

  static VolumeView volume(PersistentVolumeClaim claim) {
    var labels = claim.getMetadata().getLabels();
    return new VolumeView(
        claim.getMetadata().getName(),
        Integer.parseInt(labels.get(Labels.CONTENT)),
        Integer.parseInt(labels.getOrDefault(Labels.DBID, "-1")),
        claim.getMetadata().getDeletionTimestamp() != null,
        ownedByMirrorSet(claim),
        annotation(claim.getMetadata(), MirrorResources.COPY_TOKEN),
        annotation(claim.getMetadata(), Annotations.LOCATION),
        annotation(claim.getMetadata(), Annotations.MOVING_TO),
        annotation(claim.getMetadata(), Annotations.RETIRED) != null,
        requested(claim),
        claim.getSpec() == null ? null : claim.getSpec().getStorageClassName(),
        annotation(claim.getMetadata(), Annotations.STORAGE_CLASS),
        annotation(claim.getMetadata(), Annotations.COMPLETE_COPY),
        CompleteCopies.kilobytes(annotation(claim.getMetadata(), Annotations.COPY_SIZE)));
  }

  /** The storage a claim requests, or null. */
  private static String requested(PersistentVolumeClaim claim) {
    var spec = claim.getSpec();
    if (spec == null || spec.getResources() == null || spec.getResources().getRequests() == null) {
      return null;
    }
    var storage = spec.getResources().getRequests().get("storage");
    return storage == null ? null : storage.toString();
  }

  static PreflightView preflight(Pod pod) {
    var status = pod.getStatus();
    String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
    ContainerStatus c =
        find(status == null ? null : status.getContainerStatuses(), PreflightPod.CONTAINER);
    ContainerStateTerminated ended = lastEnd(c);
    String reason =
        c != null && c.getState() != null && c.getState().getWaiting() != null
            ? c.getState().getWaiting().getReason()
            : status == null ? null : status.getReason();
    return new PreflightView(
        pod.getMetadata().getName(),
        java.util.Objects.requireNonNullElse(annotation(pod.getMetadata(), PreflightPod.HOST), ""),
        pod.getMetadata().getLabels().getOrDefault(Labels.CHECKS, ""),
        phase,
        ended == null ? null : ended.getMessage(),
        ended == null || ended.getFinishedAt() == null
            ? null
            : Instant.parse(ended.getFinishedAt()),
        reason,
        pod.getMetadata().getCreationTimestamp() == null
            ? null
            : Instant.parse(pod.getMetadata().getCreationTimestamp()));
  }

  /** An owner reference to a MirrorSet: made by a release before deletionPolicy. */
  private static boolean ownedByMirrorSet(HasMetadata object) {
    return object.getMetadata().getOwnerReferences() != null
        && object.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> MirrorSet.KIND.equals(r.getKind()));
  }

  /** The container's current end, else its previous one (a container restarted after failing). */
  private static ContainerStateTerminated lastEnd(ContainerStatus c) {
    if (c == null) {
      return null;
    }
    for (ContainerState s : new ContainerState[] {c.getState(), c.getLastState()}) {
      if (s != null && s.getTerminated() != null) {
        return s.getTerminated();
      }
    }
    return null;
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
