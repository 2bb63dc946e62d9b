package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The desired mirrors: placement, ports, data locations and the pods that run them. */
@ValidationRule(
    value =
        "(has(self.placement) && has(self.placement.strategy) && self.placement.strategy =="
            + " 'Explicit') || (has(self.dataDirectories) && size(self.dataDirectories) > 0)",
    message = "dataDirectories needs at least one location unless placement is Explicit")
public class MirrorSetSpec {
  @Required
  @JsonPropertyDescription("How the operator reaches the Greenplum coordinator.")
  private CoordinatorSpec coordinator;

  @JsonPropertyDescription(
      "Replication credentials of the mirror pods; default: the coordinator user without a"
          + " password (a trust replication entry in pg_hba.conf).")
  private ReplicationSpec replication;

  @JsonPropertyDescription("Where the mirrors go: strategy, hosts, or an explicit list.")
  private PlacementSpec placement = new PlacementSpec();

  @JsonPropertyDescription("Mirror port bases (gpaddmirrors -p, or explicit bases).")
  private PortsSpec ports = new PortsSpec();

  @JsonPropertyDescription(
      "Mirror data locations on each host: one for all, or one per primary on a host (the n-th"
          + " mirror on a host uses the n-th). A mirror's directory is"
          + " <location>/<prefix><content>, the prefix taken from the coordinator's data"
          + " directory (gpseg-1 gives gpseg).")
  @Size(max = Formats.MAX_LOCATIONS)
  private List<@Size(max = Formats.MAX_PATH_BYTES) @Pattern(Formats.PATH) String> dataDirectories =
      new ArrayList<>();

  @Min(1)
  @Max(64)
  @Default("4")
  @JsonPropertyDescription("Mirrors copied from their primaries at once (gpaddmirrors -B).")
  private Integer maxParallel = 4;

  @Required
  @JsonPropertyDescription("The mirror pods: image and resources.")
  private MirrorPodTemplate template;

  @Required
  @JsonPropertyDescription("The volume of each mirror.")
  private StorageSpec storage;

  @JsonPropertyDescription("How failed mirrors are recovered.")
  private RecoverySpec recovery = new RecoverySpec();

  @Default("Retain")
  @JsonPropertyDescription(
      "What deleting the MirrorSet does to its mirrors (the operator holds the finalizer"
          + " greenplum.io/mirrors until it is done). Retain (default): the mirror pods and volumes"
          + " keep running and the catalog is untouched; applying the MirrorSet again adopts them."
          + " RemoveMirrors: refused while a mirror acts as primary; otherwise every mirror pod is"
          + " stopped, FTS is asked to mark the mirrors down once its grace period has passed, every"
          + " mirror row is removed in one transaction, the primaries' replication slots are"
          + " dropped (utility mode) and the volumes deleted; the cluster is left mirrorless.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  @Default("Manual")
  @JsonPropertyDescription(
      "Whether the moves an edit of placement, ports or dataDirectories asks for start by"
          + " themselves. Manual (default): status.moves lists them and"
          + " they start once the annotation greenplum.io/approve-moves names the MirrorSet's"
          + " current metadata.generation; a later edit waits for its own approval. Automatic:"
          + " they start as soon as every pair is in sync, one at a time.")
  private MoveApproval moveApproval = MoveApproval.Manual;

  @Default("false")
  @JsonPropertyDescription("Stop acting on the cluster; status is still reported.")
  private Boolean suspend = false;

  public CoordinatorSpec getCoordinator() {
    return coordinator;
  }

  public void setCoordinator(CoordinatorSpec coordinator) {
    this.coordinator = coordinator;
  }

  public ReplicationSpec getReplication() {
    return replication;
  }

  public void setReplication(ReplicationSpec replication) {
    this.replication = replication;
  }

  /** The role the mirror pods connect to the primaries as. */
  public String replicationUser() {
    if (replication != null && replication.getUser() != null) {
      return replication.getUser();
    }
    String user = coordinator == null ? null : coordinator.getUser();
    return user == null ? "gpadmin" : user;
  }

  public PlacementSpec getPlacement() {
    return placement;
  }

  public void setPlacement(PlacementSpec placement) {
    this.placement = placement;
  }

  public PortsSpec getPorts() {
    return ports;
  }

  public void setPorts(PortsSpec ports) {
    this.ports = ports;
  }

  public List<String> getDataDirectories() {
    return dataDirectories;
  }

  public void setDataDirectories(List<String> dataDirectories) {
    this.dataDirectories = dataDirectories;
  }

  public Integer getMaxParallel() {
    return maxParallel;
  }

  public void setMaxParallel(Integer maxParallel) {
    this.maxParallel = maxParallel;
  }

  public MoveApproval getMoveApproval() {
    return moveApproval;
  }

  public void setMoveApproval(MoveApproval moveApproval) {
    this.moveApproval = moveApproval;
  }

  public MirrorPodTemplate getTemplate() {
    return template;
  }

  public void setTemplate(MirrorPodTemplate template) {
    this.template = template;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public RecoverySpec getRecovery() {
    return recovery;
  }

  public void setRecovery(RecoverySpec recovery) {
    this.recovery = recovery;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
