package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.resources.PreflightPod;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** SIMULATION. The pod statuses a kubelet reports for a mirror or preflight pod, stage by stage. */
public final class PodStatuses {
  private PodStatuses() {}

  /** The init container takes the base backup. */
  public static PodStatus copying() {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withInitContainerStatuses(
            init().withNewState().withNewRunning().endRunning().endState().build())
        .build();
  }

  /** The init container ended with {@code exitCode} and its termination message. */
  public static PodStatus copyFailed(int exitCode, String message) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withInitContainerStatuses(
            init()
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason("Error")
                .withMessage(message)
                .withFinishedAt(now())
                .endTerminated()
                .endState()
                .build())
        .build();
  }

  /** The base backup failed: the init container exited 1. */
  public static PodStatus copyFailed() {
    return copyFailed(1, null);
  }

  /** The node cannot pull the image: the init container waits, for ever. */
  public static PodStatus imagePullBackOff(String image) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withInitContainerStatuses(
            init()
                .withNewState()
                .withNewWaiting()
                .withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"" + image + "\"")
                .endWaiting()
                .endState()
                .build())
        .build();
  }

  /** The kubelet evicted the pod (node pressure): it will not run again. */
  public static PodStatus evicted() {
    return new PodStatusBuilder()
        .withPhase("Failed")
        .withReason("Evicted")
        .withMessage("The node was low on resource: ephemeral-storage.")
        .build();
  }

  /** The base backup is done and the mirror container runs. */
  public static PodStatus running() {
    return running(null);
  }

  /** As {@link #running()}, with the init container's termination message. */
  public static PodStatus running(String initMessage) {
    ContainerStatus mirror =
        new ContainerStatusBuilder()
            .withName(MirrorResources.MIRROR_CONTAINER)
            .withReady(true)
            .withNewState()
            .withNewRunning()
            .endRunning()
            .endState()
            .build();
    return new PodStatusBuilder()
        .withPhase("Running")
        .withInitContainerStatuses(
            init()
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .withReason("Completed")
                .withMessage(initMessage)
                .endTerminated()
                .endState()
                .build())
        .withContainerStatuses(mirror)
        .build();
  }

  /** The init container succeeded but postgres refuses to start (e.g. the directory's mode). */
  public static PodStatus mirrorCrashing(String initMessage) {
    ContainerStatus mirror =
        new ContainerStatusBuilder()
            .withName(MirrorResources.MIRROR_CONTAINER)
            .withReady(false)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .build();
    PodStatus status = running(initMessage);
    status.setContainerStatuses(java.util.List.of(mirror));
    return status;
  }

  /** The preflight container runs. */
  public static PodStatus preflightRunning() {
    return new PodStatusBuilder()
        .withPhase("Running")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(PreflightPod.CONTAINER)
                .withNewState()
                .withNewRunning()
                .endRunning()
                .endState()
                .build())
        .build();
  }

  /** The preflight container ended: Succeeded on exit 0, else Failed, with its report. */
  public static PodStatus preflightEnded(int exitCode, String report) {
    return new PodStatusBuilder()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(PreflightPod.CONTAINER)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withMessage(report)
                .withFinishedAt(now())
                .endTerminated()
                .endState()
                .build())
        .build();
  }

  /** Kubernetes keeps times to the second. */
  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static ContainerStatusBuilder init() {
    return new ContainerStatusBuilder().withName(MirrorResources.BASE_BACKUP_CONTAINER);
  }
}
