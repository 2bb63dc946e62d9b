package io.greenplum.mirrors.resources;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.plan.DataDirectories;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a mirror's Pod and PersistentVolumeClaim. The pod runs on its segment host's node with the
 * host's network, as gpaddmirrors would run the mirror there: registered as host:port, reached by
 * the primaries the way they reach each other. Its init container takes the base backup into the
 * volume when it is empty; the main container runs the mirror on its catalog port.
 */
public final class MirrorResources {
  public static final String BASE_BACKUP_CONTAINER = "basebackup";
  public static final String MIRROR_CONTAINER = "mirror";

  /** The uid/gid the mirror runs as (gpadmin in the usual Greenplum images). */
  public static final long GPADMIN_UID = 1000;

  private static final String DATA_VOLUME = "data";

  private MirrorResources() {}

  /** The volume claim holding the mirror's data directory. */
  public static PersistentVolumeClaim volumeClaim(MirrorSet owner, PlannedMirror mirror, int dbid) {
    MirrorSetSpec spec = owner.getSpec();
    String name = Names.mirror(owner.getMetadata().getName(), mirror.content());
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Labels.forMirror(owner.getMetadata().getName(), mirror.content(), dbid))
        .withOwnerReferences(ownerReference(owner))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(spec.getStorage().getStorageClassName())
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(spec.getStorage().getSize())))
        .endResources()
        .endSpec()
        .build();
  }

  /**
   * The mirror pod.
   *
   * @param node the Kubernetes node of the mirror's segment host
   * @param user the database user pg_basebackup connects to the primary as
   */
  public static Pod pod(MirrorSet owner, PlannedMirror mirror, int dbid, String node, String user) {
    MirrorSetSpec spec = owner.getSpec();
    String name = Names.mirror(owner.getMetadata().getName(), mirror.content());
    String dataDirectory = mirror.dataDirectory();
    String mountPath = DataDirectories.parent(dataDirectory);
    VolumeMount data =
        new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(mountPath).build();
    VolumeMount tmp = new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build();
    VolumeMount run =
        new VolumeMountBuilder().withName("run").withMountPath("/var/run/postgresql").build();
    ResourceRequirements resources = spec.getTemplate().getResources();
    String image = spec.getTemplate().getImage();
    Container baseBackup =
        new ContainerBuilder()
            .withName(BASE_BACKUP_CONTAINER)
            .withImage(image)
            .withCommand("/bin/bash", "-c", BaseBackupCommand.script(), "basebackup")
            .withArgs(
                BaseBackupCommand.scriptArguments(
                    dataDirectory, mirror.primary().address(), mirror.primary().port(), user, dbid))
            .withVolumeMounts(data, tmp)
            .withResources(resources)
            .withSecurityContext(restricted())
            .build();
    Container postgres = mirrorContainer(image, mirror, resources, List.of(data, tmp, run));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Labels.forMirror(owner.getMetadata().getName(), mirror.content(), dbid))
        .withOwnerReferences(ownerReference(owner))
        .endMetadata()
        .withNewSpec()
        .withHostNetwork(true)
        .withDnsPolicy("ClusterFirstWithHostNet")
        .withAffinity(onNode(node))
        .withSecurityContext(podSecurity())
        .withInitContainers(baseBackup)
        .withContainers(postgres)
        .addNewVolume()
        .withName(DATA_VOLUME)
        .withNewPersistentVolumeClaim()
        .withClaimName(name)
        .endPersistentVolumeClaim()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("run")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .withRestartPolicy("Always")
        .withTerminationGracePeriodSeconds(60L)
        .endSpec()
        .build();
  }

  private static Container mirrorContainer(
      String image,
      PlannedMirror mirror,
      ResourceRequirements resources,
      List<VolumeMount> mounts) {
    return new ContainerBuilder()
        .withName(MIRROR_CONTAINER)
        .withImage(image)
        .withCommand(
            "postgres",
            "-D",
            mirror.dataDirectory(),
            "-p",
            String.valueOf(mirror.port()),
            "-c",
            "gp_role=execute")
        .addNewPort()
        .withName("postgres")
        .withContainerPort(mirror.port())
        .withHostPort(mirror.port())
        .endPort()
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withNewPort(mirror.port())
        .endTcpSocket()
        .withPeriodSeconds(10)
        .endReadinessProbe()
        .withVolumeMounts(mounts)
        .withResources(resources)
        .withSecurityContext(restricted())
        .build();
  }

  /** Required node affinity to exactly one node, by its kubernetes.io/hostname label. */
  static Affinity onNode(String node) {
    return new AffinityBuilder()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("kubernetes.io/hostname")
        .withOperator("In")
        .withValues(node)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .build();
  }

  private static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(GPADMIN_UID)
        .withRunAsGroup(GPADMIN_UID)
        .withFsGroup(GPADMIN_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  private static SecurityContext restricted() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop(new ArrayList<>(List.of("ALL")))
        .endCapabilities()
        .build();
  }

  private static OwnerReference ownerReference(MirrorSet owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(MirrorSet.API_VERSION)
        .withKind(MirrorSet.KIND)
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
