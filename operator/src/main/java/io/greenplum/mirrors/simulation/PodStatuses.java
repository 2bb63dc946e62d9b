package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.greenplum.mirrors.resources.MirrorResources;

/** SIMULATION. The pod statuses a kubelet reports for a mirror pod, stage by stage. */
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

  /** The base backup failed: the init container exited 1. */
  public static PodStatus copyFailed() {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withInitContainerStatuses(
            init()
                .withNewState()
                .withNewTerminated()
                .withExitCode(1)
                .withReason("Error")
                .endTerminated()
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
                .endTerminated()
                .endState()
                .build())
        .withContainerStatuses(mirror)
        .build();
  }

  private static ContainerStatusBuilder init() {
    return new ContainerStatusBuilder().withName(MirrorResources.BASE_BACKUP_CONTAINER);
  }
}
