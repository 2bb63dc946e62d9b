package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator last observed: counts, progress, conditions and one row per mirror. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MirrorSetStatus {
  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Pending, Provisioning, Synchronizing, Synchronized, Moving, AwaitingApproval (every mirror"
          + " in sync, moves listed in moves wait for greenplum.io/approve-moves), Degraded,"
          + " Invalid, Suspended or Deleting.")
  private String phase;

  @JsonPropertyDescription("Greenplum release of the coordinator, e.g. 7.1.0.")
  private String greenplumVersion;

  @JsonPropertyDescription("Mirrors the spec asks for (one per primary content).")
  private Integer desired;

  @JsonPropertyDescription("Mirrors whose pod runs.")
  private Integer ready;

  @JsonProperty("synchronized")
  @JsonPropertyDescription("Mirrors in sync with their primary (catalog mode s, status u).")
  private Integer synchronizedCount;

  @JsonPropertyDescription("Overall progress of adding the mirrors, in percent.")
  private Integer progress;

  @JsonPropertyDescription(
      "SpecValid, Ready, Synchronized, Progressing, Degraded; while deletionPolicy RemoveMirrors"
          + " removes the mirrors also MirrorPodsStopped, MirrorsMarkedDown, MirrorRowsRemoved,"
          + " ReplicationSlotsDropped and VolumesDeleted, one per step.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("One row per mirror, like gpstate -m and gpstate -s.")
  private List<MirrorStatus> mirrors = new ArrayList<>();

  @JsonPropertyDescription(
      "Volume claims of this MirrorSet holding the data of a dbid the catalog no longer has (the"
          + " mirrors were removed and registered again), or of a place a mirror moved away from"
          + " (kept by deletionPolicy Retain). Never mounted, never deleted by the operator except"
          + " by deletionPolicy RemoveMirrors: delete them when no longer needed.")
  private List<String> staleVolumes;

  @JsonPropertyDescription(
      "Mirrors to move because placement, ports or dataDirectories changed, the one being moved"
          + " first, e.g. 'content 5: sdw2:7001 /data/m/gpseg5 -> sdw5:7000 /data/m/gpseg5'. They"
          + " are moved one at a time, only while every pair is in sync, and with moveApproval"
          + " Manual only once approved. Each says what it would copy: a move that changes only"
          + " the port restarts the mirror on its volume and copies nothing; any other is a full"
          + " copy at the new place, of about the size of the last copy made on its volume (its"
          + " claim's greenplum.io/copy-size, pg_basebackup's total).")
  private List<String> moves;

  public List<String> getMoves() {
    return moves;
  }

  public void setMoves(List<String> moves) {
    this.moves = moves;
  }

  @JsonPropertyDescription(
      "The rebalance asked for with the greenplum.io/rebalance annotation: contents whose mirror"
          + " of this MirrorSet acts as primary are switched back to their preferred roles, one at"
          + " a time, while every pair is in sync.")
  private RebalanceStatus rebalance;

  public RebalanceStatus getRebalance() {
    return rebalance;
  }

  public void setRebalance(RebalanceStatus rebalance) {
    this.rebalance = rebalance;
  }

  public List<String> getStaleVolumes() {
    return staleVolumes;
  }

  public void setStaleVolumes(List<String> staleVolumes) {
    this.staleVolumes = staleVolumes;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getGreenplumVersion() {
    return greenplumVersion;
  }

  public void setGreenplumVersion(String greenplumVersion) {
    this.greenplumVersion = greenplumVersion;
  }

  public Integer getDesired() {
    return desired;
  }

  public void setDesired(Integer desired) {
    this.desired = desired;
  }

  public Integer getReady() {
    return ready;
  }

  public void setReady(Integer ready) {
    this.ready = ready;
  }

  public Integer getSynchronizedCount() {
    return synchronizedCount;
  }

  public void setSynchronizedCount(Integer synchronizedCount) {
    this.synchronizedCount = synchronizedCount;
  }

  public Integer getProgress() {
    return progress;
  }

  public void setProgress(Integer progress) {
    this.progress = progress;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<MirrorStatus> getMirrors() {
    return mirrors;
  }

  public void setMirrors(List<MirrorStatus> mirrors) {
    this.mirrors = mirrors;
  }
}
