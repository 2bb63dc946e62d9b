package io.greenplum.mirrors.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The desired segment mirrors of one Greenplum cluster, and what the operator observed of them. */
@Group(MirrorSet.GROUP)
@AdditionalPrinterColumn(
    name = "DESIRED",
    jsonPath = ".status.desired",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Mirrors the spec asks for")
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.ready",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Mirrors whose pod runs")
@AdditionalPrinterColumn(
    name = "SYNCED",
    jsonPath = ".status.synchronized",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Mirrors in sync with their primary")
@AdditionalPrinterColumn(
    name = "PROGRESS",
    jsonPath = ".status.progress",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Overall progress in percent")
@AdditionalPrinterColumn(
    name = "PHASE",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription =
        "Pending, Provisioning, Synchronizing, Synchronized, Moving, AwaitingApproval, Degraded,"
            + " Invalid, Suspended or Deleting")
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = "size(self.metadata.name) <= " + Formats.MAX_NAME,
    message =
        "metadata.name must be at most 40 characters: every pod, volume claim and label made from"
            + " it must fit in 63")
@Version(MirrorSet.VERSION)
@Plural("mirrorsets")
@ShortNames("gpms")
public class MirrorSet extends CustomResource<MirrorSetSpec, MirrorSetStatus>
    implements Namespaced {
  public static final String GROUP = "greenplum.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "MirrorSet";

  /** The label a Secret (or a CA's ConfigMap) carries to be usable by MirrorSets: "true". */
  public static final String CREDENTIALS_LABEL = "greenplum.io/mirrorset-credentials";

  /**
   * The annotation a password Secret carries to say where its password may go: the coordinator host
   * names or addresses (comma-separated, as spec.coordinator.host spells them). The operator sends
   * the coordinator password to no other host, and gives the replication password only to mirror
   * pods that copy from the primaries of a catalog read through one of them.
   */
  public static final String COORDINATOR_HOSTS_ANNOTATION = "greenplum.io/coordinator-hosts";

  /**
   * The label, "true", that the platform team puts on the nodes that may run Greenplum pods: mirror
   * and preflight pods run on no other node (their node affinity requires it, and a placement that
   * names another node is refused, NodeNotAllowed). Mirror pods use the host's network: the label
   * keeps them off control-plane and other tenants' nodes.
   */
  public static final String SEGMENT_HOST_LABEL = "greenplum.io/segment-host";

  /**
   * Asks for a rebalance: contents whose mirror of this MirrorSet acts as primary go back to their
   * preferred roles. Any new value is a new request (e.g. the time it was made).
   */
  public static final String REBALANCE_ANNOTATION = "greenplum.io/rebalance";

  /**
   * Approves the moves of spec.moveApproval Manual: the value is the metadata.generation whose
   * moves (status.moves) may start, e.g. {@code kubectl annotate mirrorset NAME
   * greenplum.io/approve-moves=3 --overwrite}.
   */
  public static final String APPROVE_MOVES_ANNOTATION = "greenplum.io/approve-moves";

  /**
   * Takes over a cluster claimed by another MirrorSet that this operator cannot look up (another
   * namespace out of its reach, another Kubernetes cluster): the value is that claim's uid, as the
   * ClusterClaimed condition gives it.
   */
  public static final String ADOPT_ANNOTATION = "greenplum.io/adopt";
}
