package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.greenplum.mirrors.api.ConfigMapKeyRef;
import io.greenplum.mirrors.api.MirrorHost;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.SecretKeyRef;
import io.greenplum.mirrors.diff.BaseBackupLog;
import io.greenplum.mirrors.diff.ClusterClaim;
import io.greenplum.mirrors.diff.MirrorLog;
import io.greenplum.mirrors.diff.PodView;
import io.greenplum.mirrors.diff.PreflightView;
import io.greenplum.mirrors.diff.VolumeView;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.status.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads what the reconciler needs from Kubernetes: the password, nodes, pods, volumes, logs. */
final class ClusterObserver {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);

  private final KubernetesClient client;
  private SharedIndexInformer<Node> nodes;
  private boolean nodesByGet;

  ClusterObserver(KubernetesClient client) {
    this.client = client;
  }

  /**
   * allowVolumeExpansion of each storage class (false when unset, as the API server treats it); a
   * class that cannot be read (missing, or forbidden) is left out and the API server decides.
   */
  Map<String, Boolean> volumeExpansion(java.util.Set<String> classes) {
    Map<String, Boolean> expansion = new java.util.TreeMap<>();
    for (String name : classes) {
      try {
        var storageClass = client.storage().v1().storageClasses().withName(name).get();
        if (storageClass != null) {
          expansion.put(name, Boolean.TRUE.equals(storageClass.getAllowVolumeExpansion()));
        }
      } catch (KubernetesClientException e) {
        LOG.warn("could not read storage class {}: {}", name, e.getMessage());
      }
    }
    return expansion;
  }

  /**
   * A Secret key the MirrorSet names, read only when the Secret opted in with the label {@value
   * MirrorSet#CREDENTIALS_LABEL}: "true". Else {@code problem} says why (SecretNotFound,
   * SecretNotAllowed, CredentialNotForHost); the value is never part of it.
   */
  record SecretValue(String value, Finding problem) {}

  /** A Secret key that is not a password (a CA certificate): the opt-in label is enough. */
  SecretValue secret(MirrorSet ms, String field, SecretKeyRef ref) {
    return secret(ms, field, ref, null);
  }

  /**
   * A password: the Secret must also name {@code host} (spec.coordinator.host) in its annotation
   * {@value MirrorSet#COORDINATOR_HOSTS_ANNOTATION}, or it is not read.
   */
  SecretValue password(MirrorSet ms, String field, SecretKeyRef ref) {
    return secret(ms, field, ref, ms.getSpec().getCoordinator().getHost());
  }

  private SecretValue secret(MirrorSet ms, String field, SecretKeyRef ref, String host) {
    String where =
        field
            + " names Secret "
            + ref.getName()
            + " key "
            + ref.getKey()
            + " in namespace "
            + ms.getMetadata().getNamespace();
    Secret secret =
        client.secrets().inNamespace(ms.getMetadata().getNamespace()).withName(ref.getName()).get();
    if (secret == null) {
      return new SecretValue(
          null, Finding.invalid("SecretNotFound", where + ": it does not exist"));
    }
    if (!optedIn(secret)) {
      return new SecretValue(
          null,
          Finding.invalid(
              "SecretNotAllowed",
              where + lacksLabel("which lets MirrorSets use it", "secret", ref.getName())));
    }
    if (host != null && !CredentialHosts.allows(secret.getMetadata().getAnnotations(), host)) {
      return new SecretValue(
          null,
          Finding.invalid(
              "CredentialNotForHost", CredentialHosts.refusal(where, ref.getName(), host)));
    }
    String value = null;
    if (secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())) {
      value = secret.getStringData().get(ref.getKey());
    } else if (secret.getData() != null && secret.getData().containsKey(ref.getKey())) {
      byte[] decoded = Base64.getDecoder().decode(secret.getData().get(ref.getKey()));
      value = new String(decoded, StandardCharsets.UTF_8).strip();
    }
    return value == null
        ? new SecretValue(
            null, Finding.invalid("SecretNotFound", where + ": the Secret has no such key"))
        : new SecretValue(value, null);
  }

  /**
   * Why the Secret named in template.imagePullSecrets may not be used, or null: like every Secret a
   * MirrorSet names, it must opt in with {@value MirrorSet#CREDENTIALS_LABEL}=true, or an editor
   * could have the kubelet pull an image of theirs with any registry credentials of the namespace.
   * Only its labels are read.
   */
  Finding pullSecret(MirrorSet ms, String name) {
    Secret secret =
        client.secrets().inNamespace(ms.getMetadata().getNamespace()).withName(name).get();
    String where =
        "template.imagePullSecrets names Secret "
            + name
            + " in namespace "
            + ms.getMetadata().getNamespace();
    if (secret == null) {
      return Finding.invalid("SecretNotFound", where + ": it does not exist");
    }
    return optedIn(secret)
        ? null
        : Finding.invalid(
            "ReferenceNotAllowed",
            where + lacksLabel("so the kubelet is not asked to pull with it", "secret", name));
  }

  /** The object carries {@value MirrorSet#CREDENTIALS_LABEL}=true: MirrorSets may use it. */
  private static boolean optedIn(io.fabric8.kubernetes.api.model.HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && "true".equals(labels.get(MirrorSet.CREDENTIALS_LABEL));
  }

  /** ": it lacks the label ..., WHY (kubectl label KIND NAME ...=true)". */
  private static String lacksLabel(String why, String kind, String name) {
    return ": it lacks the label "
        + MirrorSet.CREDENTIALS_LABEL
        + "=true, "
        + why
        + " (kubectl label "
        + kind
        + " "
        + name
        + " "
        + MirrorSet.CREDENTIALS_LABEL
        + "=true)";
  }

  /**
   * A ConfigMap key the MirrorSet names (a CA certificate). Public, but trusting it decides which
   * server gets the password: read only when the ConfigMap opted in with the label {@value
   * MirrorSet#CREDENTIALS_LABEL}: "true" (ConfigMapNotAllowed otherwise).
   */
  SecretValue configMap(MirrorSet ms, String field, ConfigMapKeyRef ref) {
    var map =
        client
            .configMaps()
            .inNamespace(ms.getMetadata().getNamespace())
            .withName(ref.getName())
            .get();
    if (map != null && !optedIn(map)) {
      return new SecretValue(
          null,
          Finding.invalid(
              "ConfigMapNotAllowed",
              field
                  + " names ConfigMap "
                  + ref.getName()
                  + " in namespace "
                  + ms.getMetadata().getNamespace()
                  + lacksLabel(
                      "which lets MirrorSets trust it as a CA", "configmap", ref.getName())));
    }
    String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
    return value != null
        ? new SecretValue(value, null)
        : new SecretValue(
            null,
            Finding.invalid(
                "ConfigMapNotFound",
                field
                    + " names ConfigMap "
                    + ref.getName()
                    + " key "
                    + ref.getKey()
                    + " in namespace "
                    + ms.getMetadata().getNamespace()
                    + ": "
                    + (map == null ? "it does not exist" : "it has no such key")));
  }

  /** The Kubernetes node of each segment host: placement.hosts[].node, else the host's name. */
  static Map<String, String> nodesOfHosts(MirrorSet ms) {
    Map<String, String> nodes = new HashMap<>();
    for (MirrorHost host : ms.getSpec().getPlacement().getHosts()) {
      if (host.getName() != null && host.getNode() != null && !host.getNode().isBlank()) {
        nodes.put(host.getName(), host.getNode());
      }
    }
    return nodes;
  }

  /**
   * Whether a node exists, from a node informer (list and watch once, not a GET per node per pass);
   * with RBAC that allows only get (an older install), by GET.
   */
  /**
   * Whether the MirrorSet a cluster claim names still exists with the claim's uid, and if not,
   * whether mirror pods or volume claims still run under its name. UNKNOWN when the API refuses (a
   * namespace out of this operator's reach) or fails.
   */
  ClusterClaim.Owner owner(ClusterClaim claim) {
    try {
      MirrorSet found =
          client
              .resources(MirrorSet.class)
              .inNamespace(claim.namespace())
              .withName(claim.name())
              .get();
      if (found != null && claim.uid().equals(found.getMetadata().getUid())) {
        return ClusterClaim.Owner.PRESENT;
      }
      boolean pods =
          !client
              .pods()
              .inNamespace(claim.namespace())
              .withLabel(Labels.MIRROR_SET, claim.name())
              .withLabel(Labels.COMPONENT, Labels.MIRROR)
              .list()
              .getItems()
              .isEmpty();
      boolean claims =
          !client
              .persistentVolumeClaims()
              .inNamespace(claim.namespace())
              .withLabel(Labels.MIRROR_SET, claim.name())
              .list()
              .getItems()
              .isEmpty();
      return pods || claims ? ClusterClaim.Owner.GONE_LEAVING_MIRRORS : ClusterClaim.Owner.GONE;
    } catch (KubernetesClientException e) {
      return ClusterClaim.Owner.UNKNOWN;
    }
  }

  boolean nodeExists(String node) {
    return node(node) != null;
  }

  /** The node carries {@value MirrorSet#SEGMENT_HOST_LABEL}=true: Greenplum pods may run there. */
  boolean nodeAllowed(String name) {
    Node node = node(name);
    return node != null
        && node.getMetadata().getLabels() != null
        && "true".equals(node.getMetadata().getLabels().get(MirrorSet.SEGMENT_HOST_LABEL));
  }

  private Node node(String name) {
    SharedIndexInformer<Node> informer = nodes();
    if (informer != null) {
      return informer.getStore().getByKey(name);
    }
    return client.nodes().withName(name).get();
  }

  private synchronized SharedIndexInformer<Node> nodes() {
    if (nodes == null && !nodesByGet) {
      try {
        nodes = client.nodes().inform();
      } catch (KubernetesClientException e) {
        LOG.warn(
            "cannot list and watch nodes ({}); reading each node instead: grant nodes list,"
                + " watch",
            e.getMessage());
        nodesByGet = true;
      }
    }
    return nodes;
  }

  /** Stops the node informer. */
  synchronized void close() {
    if (nodes != null) {
      nodes.close();
      nodes = null;
    }
  }

  /** The MirrorSet's mirror pods, by content. */
  static Map<Integer, PodView> pods(Set<Pod> pods, String mirrorSet) {
    Map<Integer, PodView> views = new TreeMap<>();
    for (Pod pod : pods) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      if (mirrorSet.equals(labels.get(Labels.MIRROR_SET)) && Labels.isMirror(labels)) {
        PodView view = PodViews.of(pod);
        views.put(view.content(), view);
      }
    }
    return views;
  }

  /** The MirrorSet's preflight pods. */
  static List<PreflightView> preflight(Set<Pod> pods, String mirrorSet) {
    return pods.stream()
        .filter(p -> mirrorSet.equals(p.getMetadata().getLabels().get(Labels.MIRROR_SET)))
        .filter(p -> Labels.isPreflight(p.getMetadata().getLabels()))
        .map(PodViews::preflight)
        .toList();
  }

  /** The MirrorSet's mirror volume claims. */
  static List<VolumeView> volumes(Set<PersistentVolumeClaim> claims, String mirrorSet) {
    return claims.stream()
        .filter(c -> mirrorSet.equals(c.getMetadata().getLabels().get(Labels.MIRROR_SET)))
        .filter(c -> Labels.isMirror(c.getMetadata().getLabels()))
        .map(PodViews::volume)
        .sorted(java.util.Comparator.comparing(VolumeView::name))
        .toList();
  }

  /**
   * How often the log of a pod whose state did not change is read again: a copy's progress at the
   * pace its status may be written ({@link MirrorSetReconciler#progressEvery}); any other log at
   * most every 10 s (a running mirror's log can change while its pod's state does not, e.g. a
   * walreceiver asking again for removed WAL).
   */
  static final Duration LOG_REFRESH = Duration.ofSeconds(10);

  /** The container logs read for a MirrorSet, kept from one pass to the next. */
  private final LogReads logReads = new LogReads();

  LogReads.Pass logs(MirrorSet ms) {
    return logReads.pass(ms.getMetadata().getNamespace() + "/" + ms.getMetadata().getName());
  }

  /**
   * The mirror container's last log lines of {@code pods}; a log that cannot be read is skipped.
   */
  Map<Integer, MirrorLog> mirrorLogs(String namespace, List<PodView> pods, LogReads.Pass logs) {
    Map<Integer, MirrorLog> parsed = new TreeMap<>();
    for (PodView pod : pods) {
      logs.tail(
              pod,
              MirrorResources.MIRROR_CONTAINER,
              LOG_REFRESH,
              () -> tail(namespace, pod, MirrorResources.MIRROR_CONTAINER, 20))
          .ifPresent(log -> parsed.put(pod.content(), MirrorLog.parse(log)));
    }
    return parsed;
  }

  /** The base backup logs of the pods still copying; a log that cannot be read is skipped. */
  Map<Integer, BaseBackupLog> baseBackups(
      String namespace, Map<Integer, PodView> pods, LogReads.Pass logs) {
    Map<Integer, BaseBackupLog> parsed = new TreeMap<>();
    Duration progress = MirrorSetReconciler.progressEvery(pods.size());
    for (PodView pod : pods.values()) {
      if (pod.baseBackup() != PodView.Step.RUNNING && pod.baseBackup() != PodView.Step.FAILED) {
        continue;
      }
      logs.tail(
              pod,
              MirrorResources.BASE_BACKUP_CONTAINER,
              pod.baseBackup() == PodView.Step.RUNNING ? progress : LOG_REFRESH,
              () -> tail(namespace, pod, MirrorResources.BASE_BACKUP_CONTAINER, 50))
          .ifPresent(log -> parsed.put(pod.content(), BaseBackupLog.parse(log)));
    }
    return parsed;
  }

  /** The last {@code lines} of a container's log; empty when it cannot be read (skipped). */
  private java.util.Optional<String> tail(
      String namespace, PodView pod, String container, int lines) {
    try {
      return java.util.Optional.ofNullable(
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod.name())
              .inContainer(container)
              .tailingLines(lines)
              .getLog());
    } catch (KubernetesClientException e) {
      LOG.debug("no {} log for pod {}: {}", container, pod.name(), e.getMessage());
      return java.util.Optional.empty();
    }
  }
}
