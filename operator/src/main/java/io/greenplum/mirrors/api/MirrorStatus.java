package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One mirror as the operator sees it: catalog row, pod and sync progress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MirrorStatus {
  @JsonPropertyDescription("Content id of the pair.")
  private Integer content;

  @JsonPropertyDescription("dbid of the mirror in gp_segment_configuration.")
  private Integer dbid;

  private String host;
  private String address;
  private Integer port;
  private String dataDirectory;
  private String node;
  private String pod;

  @JsonPropertyDescription("Catalog role: m, or p while it acts as primary after a failover.")
  private String role;

  @JsonPropertyDescription("Catalog mode: s in sync, n not in sync (4.3/5: s, r, c).")
  private String mode;

  @JsonPropertyDescription("Catalog status: u up, d down.")
  private String status;

  @JsonPropertyDescription(
      "Pending, Registered, CopyingFromPrimary, CatchingUp, Synchronized, Down, Recovering,"
          + " Stalled, Moving (stopped at its old place until its catalog row moves) or"
          + " ActingAsPrimary.")
  private String state;

  @JsonPropertyDescription(
      "WAL bytes sent to the mirror and not replayed yet (gp_stat_replication sent_lsn minus"
          + " replay_lsn, as gpstate -s shows them), while the mirror is not Synchronized.")
  private Long bytesBehind;

  @JsonPropertyDescription(
      "gp_stat_replication replay_lag in seconds (tenths): how long ago the WAL the mirror"
          + " replayed last was written on its primary, while the mirror is not Synchronized;"
          + " absent when none is measured (caught up and idle, or Greenplum 6).")
  private Double replayLagSeconds;

  @JsonPropertyDescription(
      "When the copy from the primary should end (RFC 3339), from the rate of its last progress"
          + " step; only while CopyingFromPrimary, once it has progressed twice.")
  private String copyEta;

  @JsonPropertyDescription(
      "Since when (RFC 3339) the pair has not been in sync (catalog mode s, both up): absent"
          + " while in sync; for a mirror never in sync, since the operator first saw it.")
  private String notInSyncSince;

  @JsonPropertyDescription("Progress of this mirror's copy and catch-up, in percent.")
  private Integer percent;

  private String message;

  @JsonPropertyDescription(
      "When the mirror entered its state or last made progress (RFC 3339): what Stalled counts"
          + " from.")
  private String since;

  @JsonPropertyDescription(
      "Incremental or Full while the operator recovers this mirror (FTS marked it down).")
  private String recovery;

  @JsonPropertyDescription("When the recovery in progress started (RFC 3339).")
  private String recoverySince;

  public String getRecovery() {
    return recovery;
  }

  public void setRecovery(String recovery) {
    this.recovery = recovery;
  }

  public String getRecoverySince() {
    return recoverySince;
  }

  public void setRecoverySince(String recoverySince) {
    this.recoverySince = recoverySince;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  @JsonPropertyDescription(
      "host:port of the content's preferred primary (the acting mirror while roles are"
          + " switched), as gpstate -e names the pair.")
  private String primary;

  @JsonPropertyDescription("Catalog status of the preferred primary: u up, d down.")
  private String primaryStatus;

  public String getPrimary() {
    return primary;
  }

  public void setPrimary(String primary) {
    this.primary = primary;
  }

  public String getPrimaryStatus() {
    return primaryStatus;
  }

  public void setPrimaryStatus(String primaryStatus) {
    this.primaryStatus = primaryStatus;
  }

  @JsonPropertyDescription(
      "true for a mirror that runs outside Kubernetes (added by gpaddmirrors, adopted as it is):"
          + " reported, never rebuilt by the operator.")
  private Boolean external;

  public Boolean getExternal() {
    return external;
  }

  public void setExternal(Boolean external) {
    this.external = external;
  }

  public Integer getContent() {
    return content;
  }

  public void setContent(Integer content) {
    this.content = content;
  }

  public Integer getDbid() {
    return dbid;
  }

  public void setDbid(Integer dbid) {
    this.dbid = dbid;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getDataDirectory() {
    return dataDirectory;
  }

  public void setDataDirectory(String dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public Long getBytesBehind() {
    return bytesBehind;
  }

  public void setBytesBehind(Long bytesBehind) {
    this.bytesBehind = bytesBehind;
  }

  public Double getReplayLagSeconds() {
    return replayLagSeconds;
  }

  public void setReplayLagSeconds(Double replayLagSeconds) {
    this.replayLagSeconds = replayLagSeconds;
  }

  public String getCopyEta() {
    return copyEta;
  }

  public void setCopyEta(String copyEta) {
    this.copyEta = copyEta;
  }

  public String getNotInSyncSince() {
    return notInSyncSince;
  }

  public void setNotInSyncSince(String notInSyncSince) {
    this.notInSyncSince = notInSyncSince;
  }

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
