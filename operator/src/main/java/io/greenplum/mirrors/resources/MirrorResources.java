package io.greenplum.mirrors.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.MirrorPodTemplate;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.ReplicationSpec;
import io.greenplum.mirrors.diff.EvictionBudget;
import io.greenplum.mirrors.model.Fingerprint;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.plan.DataDirectories;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a mirror's Pod and PersistentVolumeClaim. The pod runs on its segment host's node with the
 * host's network, as gpaddmirrors would run the mirror there: registered as host:port, reached by
 * the primaries the way they reach each other. Its init container (scripts/mirror-init.sh) uses the
 * volume's data directory only when it is a complete copy for this dbid, else takes a base backup;
 * the main container runs the mirror on its catalog port.
 *
 * <p>Neither carries an owner reference: the garbage collector would delete them with their
 * MirrorSet, and with foreground propagation (Argo CD's default prune) before the operator's
 * finalizer can act. The MirrorSet's {@code deletionPolicy} decides their fate instead.
 */
public final class MirrorResources {
  public static final String BASE_BACKUP_CONTAINER = "basebackup";
  public static final String MIRROR_CONTAINER = "mirror";

  /**
   * The annotation a full recovery puts on a mirror's volume claim: pods built after it carry its
   * value, and their init container copies again a directory copied under another value.
   */
  public static final String COPY_TOKEN = "greenplum.io/copy";

  /** The annotation of a mirror pod: the hash of what it was built from ({@link #templateHash}). */
  public static final String TEMPLATE_HASH = "greenplum.io/template-hash";

  /**
   * The version of how this operator builds mirror pods: raised when a release changes the pods it
   * makes, so that the pods of the earlier release are rolled.
   */
  static final int POD_VERSION = 3;

  /**
   * The hash of what every mirror pod of the MirrorSet is built from besides its own mirror (whose
   * host, port and directory only a move changes): the whole template (image, resources,
   * tolerations, labels, ...), the replication credentials' reference and the pod-building version.
   * A pod whose annotation differs is out of date.
   */
  public static String templateHash(MirrorSet owner) {
    MirrorSetSpec spec = owner.getSpec();
    ObjectMapper json =
        new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    try {
      return Fingerprint.of(
          POD_VERSION
              + "|"
              + json.writeValueAsString(spec.getTemplate())
              + "|"
              + json.writeValueAsString(spec.getReplication()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a MirrorSet's template is always serialisable", e);
    }
  }

  /** The uid/gid the mirror runs as (gpadmin in the usual Greenplum images). */
  public static final long GPADMIN_UID = 1000;

  private static final String DATA_VOLUME = "data";
  private static final String ROLE_VOLUME = "catalog-role";

  /**
   * The pod's {@link Annotations#ROLE} annotation as a file, which the kubelet writes again from
   * the pod's current annotations whenever it sets the pod up (a node reboot included).
   */
  private static Volume roleVolume() {
    return new VolumeBuilder()
        .withName(ROLE_VOLUME)
        .withNewDownwardAPI()
        .addNewItem()
        .withPath("role")
        .withNewFieldRef()
        .withFieldPath("metadata.annotations['" + Annotations.ROLE + "']")
        .endFieldRef()
        .endItem()
        .endDownwardAPI()
        .build();
  }

  private MirrorResources() {}

  /**
   * The volume claim {@code name} holding the data directory of the mirror with {@code dbid} at the
   * mirror's place.
   */
  public static PersistentVolumeClaim volumeClaim(
      MirrorSet owner, PlannedMirror mirror, int dbid, String name) {
    MirrorSetSpec spec = owner.getSpec();
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Labels.forMirror(owner.getMetadata().getName(), mirror.content(), dbid))
        .withAnnotations(
            Map.of(
                Annotations.LOCATION,
                MirrorLocation.of(mirror).key(),
                Annotations.STORAGE_CLASS,
                spec.getStorage().getStorageClassName() == null
                    ? ""
                    : spec.getStorage().getStorageClassName()))
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
   * What a mirror pod is made of besides the MirrorSet's template.
   *
   * @param dbid the catalog's dbid of the mirror (--target-gp-dbid, gp_dbid)
   * @param node the Kubernetes node of the mirror's segment host
   * @param volume the name of the mirror's volume claim (of this dbid)
   * @param user the database user pg_basebackup connects to the primary as
   * @param actingPrimary the catalog says this dbid acts as primary: its directory is used as it is
   * @param copyToken the volume's full-recovery token, or null
   * @param rewind a directory that ran as a primary may be rewound onto the mirror's primary when
   *     that runs on a newer timeline (recovery automatic, or a rebalance); else left as it is
   */
  public record MirrorPod(
      PlannedMirror mirror,
      int dbid,
      String node,
      String volume,
      String user,
      SegmentTools tools,
      boolean actingPrimary,
      String copyToken,
      boolean rewind) {}

  /** The mirror pod. */
  public static Pod pod(MirrorSet owner, MirrorPod p) {
    MirrorSetSpec spec = owner.getSpec();
    PlannedMirror mirror = p.mirror();
    String dataDirectory = mirror.dataDirectory();
    VolumeMount data =
        new VolumeMountBuilder()
            .withName(DATA_VOLUME)
            .withMountPath(DataDirectories.parent(dataDirectory))
            .build();
    VolumeMount tmp = new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build();
    VolumeMount run =
        new VolumeMountBuilder().withName("run").withMountPath("/var/run/postgresql").build();
    ResourceRequirements resources = spec.getTemplate().getResources();
    String image = spec.getTemplate().getImage();
    VolumeMount role =
        new VolumeMountBuilder()
            .withName(ROLE_VOLUME)
            .withMountPath(MirrorInit.ROLE_DIRECTORY)
            .withReadOnly(true)
            .build();
    Container init = initContainer(p, image, resources, List.of(data, tmp, role));
    MirrorPodTemplate template = spec.getTemplate();
    List<EnvVar> extraEnv = template.getEnv() == null ? List.of() : template.getEnv();
    init.setEnv(concat(passwordEnv(owner, PASSWORD_ENV), extraEnv));
    Container postgres = mirrorContainer(image, mirror, resources, List.of(data, tmp, run));
    postgres.setEnv(extraEnv);
    Map<String, String> labels = new TreeMap<>(orEmpty(template.getLabels()));
    labels.putAll(Labels.forMirror(owner.getMetadata().getName(), mirror.content(), p.dbid()));
    // An acting primary's pod is in the primaries' budget from the start (sole-primary: next pass).
    labels.put(Labels.ROLE, p.actingPrimary() ? EvictionBudget.PRIMARY : EvictionBudget.MIRROR);
    Map<String, String> annotations = new TreeMap<>(orEmpty(template.getAnnotations()));
    annotations.put(TEMPLATE_HASH, templateHash(owner));
    annotations.put(Annotations.LOCATION, MirrorLocation.of(mirror).key());
    annotations.put(Annotations.ROLE, Annotations.role(p.actingPrimary()));
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(Names.mirror(owner.getMetadata().getName(), mirror.content()))
            .withNamespace(owner.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withHostNetwork(true)
            .withDnsPolicy("ClusterFirstWithHostNet")
            .withAffinity(onNode(p.node()))
            .withSecurityContext(podSecurity())
            .withAutomountServiceAccountToken(false)
            .withInitContainers(init)
            .withContainers(postgres)
            .addNewVolume()
            .withName(DATA_VOLUME)
            .withNewPersistentVolumeClaim()
            .withClaimName(p.volume())
            .endPersistentVolumeClaim()
            .endVolume()
            .addToVolumes(roleVolume())
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
    schedule(pod.getSpec(), template);
    return pod;
  }

  /**
   * Where the template lets Kubernetes run a pod of the MirrorSet besides the segment host's node:
   * its tolerations, node selector, priority class and image pull secrets (mirror and preflight
   * pods alike, so that a preflight runs where its mirrors will).
   */
  static void schedule(PodSpec pod, MirrorPodTemplate template) {
    pod.setTolerations(template.getTolerations());
    pod.setImagePullSecrets(template.getImagePullSecrets());
    pod.setPriorityClassName(template.getPriorityClassName());
    pod.setNodeSelector(template.getNodeSelector());
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  /**
   * The MirrorSet's two PodDisruptionBudgets ({@link io.greenplum.mirrors.diff.EvictionBudget}):
   * the mirrors budget selects the pods of mirrors in their preferred role, with an integer
   * minAvailable (the only kind the disruption controller counts for pods without a controller),
   * unhealthy pods evicted whatever it says (a pod that does not run keeps no copy up); the
   * primaries budget selects the pods whose dbid acts as primary, with a minAvailable no eviction
   * can meet. No owner reference, like the pods: they go with the mirrors (deletionPolicy
   * RemoveMirrors).
   */
  public static List<PodDisruptionBudget> disruptionBudgets(
      MirrorSet owner, int mirrorsMinAvailable, int primariesMinAvailable) {
    String name = owner.getMetadata().getName();
    return List.of(
        budget(owner, Names.budget(name), "NotIn", mirrorsMinAvailable, "AlwaysAllow"),
        budget(owner, Names.primariesBudget(name), "In", primariesMinAvailable, "IfHealthyBudget"));
  }

  private static PodDisruptionBudget budget(
      MirrorSet owner, String budget, String operator, int minAvailable, String unhealthy) {
    String name = owner.getMetadata().getName();
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(budget)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.MIRROR_SET, name))
        .endMetadata()
        .withNewSpec()
        .withMinAvailable(new IntOrString(minAvailable))
        .withUnhealthyPodEvictionPolicy(unhealthy)
        .withNewSelector()
        .withMatchLabels(Map.of(Labels.MIRROR_SET, name, Labels.COMPONENT, Labels.MIRROR))
        .addNewMatchExpression()
        .withKey(Labels.ROLE)
        .withOperator(operator)
        .withValues(EvictionBudget.PRIMARY, EvictionBudget.SOLE_PRIMARY)
        .endMatchExpression()
        .endSelector()
        .endSpec()
        .build();
  }

  /** The variable the init container reads the replication password from (never an argument). */
  public static final String PASSWORD_ENV = "GPMIRRORS_REPLICATION_PASSWORD";

  /**
   * The replication password as an environment variable taken by the kubelet from the Secret that
   * spec.replication names: the pod spec holds a reference, never the value. Empty without
   * spec.replication.
   */
  public static List<EnvVar> passwordEnv(MirrorSet owner, String variable) {
    ReplicationSpec replication = owner.getSpec().getReplication();
    if (replication == null || replication.getPasswordSecret() == null) {
      return List.of();
    }
    return List.of(
        new EnvVarBuilder()
            .withName(variable)
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(replication.getPasswordSecret().getName())
            .withKey(replication.getPasswordSecret().getKey())
            .endSecretKeyRef()
            .endValueFrom()
            .build());
  }

  /** The init container: decide on the volume's data directory, copy or rewind when needed. */
  private static Container initContainer(
      MirrorPod p, String image, ResourceRequirements resources, List<VolumeMount> mounts) {
    PlannedMirror mirror = p.mirror();
    BaseBackupCommand copy =
        BaseBackupCommand.of(
            p.tools(),
            mirror.dataDirectory(),
            mirror.primary().address(),
            mirror.primary().port(),
            p.user(),
            p.dbid());
    MirrorInit.Peer peer =
        new MirrorInit.Peer(
            mirror.primary().address(),
            mirror.primary().port(),
            p.user(),
            p.tools().utilityOptions());
    return new ContainerBuilder()
        .withName(BASE_BACKUP_CONTAINER)
        .withImage(image)
        .withCommand("/bin/bash", "-c", Scripts.MIRROR_INIT, "mirror-init")
        .withArgs(
            MirrorInit.arguments(
                p.tools(),
                mirror.dataDirectory(),
                p.dbid(),
                p.copyToken(),
                p.actingPrimary(),
                peer,
                p.rewind(),
                copy))
        .withVolumeMounts(mounts)
        .withResources(resources)
        .withSecurityContext(restricted())
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
        // A deleted pod stops in seconds (fast shutdown), not after a smart shutdown's wait.
        .withNewLifecycle()
        .withNewPreStop()
        .withNewExec()
        .withCommand("pg_ctl", "-D", mirror.dataDirectory(), "stop", "-m", "fast")
        .endExec()
        .endPreStop()
        .endLifecycle()
        .withVolumeMounts(mounts)
        .withResources(resources)
        .withSecurityContext(restricted())
        .build();
  }

  /** The node a pod built here is pinned to: the one {@link #onNode(String)} names. */
  public static String node(Pod pod) {
    return nodeRequirements(pod).get(0).getValues().get(0);
  }

  /** What a pod built here requires of its node ({@link #onNode(String)}): name, then label. */
  public static List<io.fabric8.kubernetes.api.model.NodeSelectorRequirement> nodeRequirements(
      Pod pod) {
    return pod.getSpec()
        .getAffinity()
        .getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms()
        .get(0)
        .getMatchExpressions();
  }

  /**
   * Required node affinity to exactly one node, by its kubernetes.io/hostname label, and only while
   * that node carries {@value MirrorSet#SEGMENT_HOST_LABEL}=true: the scheduler itself keeps the
   * pod off any other node, whatever the spec names.
   */
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
        .addNewMatchExpression()
        .withKey(MirrorSet.SEGMENT_HOST_LABEL)
        .withOperator("In")
        .withValues("true")
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .build();
  }

  /**
   * Non-root gpadmin, RuntimeDefault seccomp; the volume's group ownership is fixed only when its
   * root does not match (OnRootMismatch): changing it on every mount adds group write bits that
   * make postgres refuse the data directory (operator-steps-on-real-cluster.txt, step 6).
   */
  static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(GPADMIN_UID)
        .withRunAsGroup(GPADMIN_UID)
        .withFsGroup(GPADMIN_UID)
        .withFsGroupChangePolicy("OnRootMismatch")
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  static SecurityContext restricted() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop(new ArrayList<>(List.of("ALL")))
        .endCapabilities()
        .build();
  }
}
