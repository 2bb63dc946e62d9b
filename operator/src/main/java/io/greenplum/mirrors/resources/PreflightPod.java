package io.greenplum.mirrors.resources;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.model.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The short-lived pod that proves, before any mirror is registered, that a mirror host can build
 * its mirrors (scripts/preflight.sh): on the host's node, with the host's network, the MirrorSet's
 * image and the mirror pods' restrictions. It runs once (restartPolicy Never) and gives up after
 * {@value #DEADLINE_SECONDS} s; it is owned by its MirrorSet and removed once the mirrors are
 * registered.
 */
public final class PreflightPod {
  public static final String CONTAINER = "preflight";
  public static final long DEADLINE_SECONDS = 180;

  /** The annotation holding the segment host a preflight pod checks. */
  public static final String HOST = "greenplum.io/host";

  private PreflightPod() {}

  /**
   * The preflight pod of {@code host}, checking the replication connection to each of {@code
   * primaries} (those whose mirrors the host will copy) as {@code user}.
   *
   * @param checks a fingerprint of what it checks, kept as a label: a pod whose fingerprint is not
   *     the spec's checked something else
   */
  public static Pod build(
      MirrorSet owner,
      String host,
      String node,
      String user,
      List<Segment> primaries,
      String checks) {
    String image = owner.getSpec().getTemplate().getImage();
    List<String> args = new ArrayList<>(List.of(user));
    primaries.forEach(p -> args.add(target(p)));
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(Names.preflight(owner.getMetadata().getName(), host))
            .withNamespace(owner.getMetadata().getNamespace())
            .withLabels(Labels.forPreflight(owner.getMetadata().getName(), checks))
            .withAnnotations(Map.of(HOST, host))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(MirrorSet.API_VERSION)
                    .withKind(MirrorSet.KIND)
                    .withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(false)
                    .build())
            .endMetadata()
            .withNewSpec()
            .withHostNetwork(true)
            .withDnsPolicy("ClusterFirstWithHostNet")
            .withAffinity(MirrorResources.onNode(node))
            .withSecurityContext(MirrorResources.podSecurity())
            .withAutomountServiceAccountToken(false)
            .addNewContainer()
            .withName(CONTAINER)
            .withImage(image)
            .withCommand("/bin/bash", "-c", Scripts.PREFLIGHT, "preflight")
            .withArgs(args)
            .withEnv(MirrorResources.passwordEnv(owner, "PGPASSWORD"))
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("64Mi")))
            .withLimits(Map.of("memory", new Quantity("256Mi")))
            .endResources()
            .withSecurityContext(MirrorResources.restricted())
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .withRestartPolicy("Never")
            .withActiveDeadlineSeconds(DEADLINE_SECONDS)
            .withTerminationGracePeriodSeconds(5L)
            .endSpec()
            .build();
    MirrorResources.schedule(pod.getSpec(), owner.getSpec().getTemplate());
    return pod;
  }

  /** content:address:port, as scripts/preflight.sh reads a primary. */
  public static String target(Segment primary) {
    return primary.content() + ":" + primary.address() + ":" + primary.port();
  }
}
