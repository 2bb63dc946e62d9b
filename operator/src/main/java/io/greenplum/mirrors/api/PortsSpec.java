package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Mirror port bases, as gpaddmirrors derives them. */
public class PortsSpec {
  @Default("1000")
  @Min(-65535)
  @Max(65535)
  @JsonPropertyDescription(
      "gpaddmirrors -p: a mirror's port is the lowest primary port on its host + offset + its"
          + " index on that host. 4.3/5: mirror replication ports add 2*offset, primary"
          + " replication ports 3*offset.")
  private Integer offset = 1000;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription(
      "MIRROR_PORT_BASE: the first mirror on each host listens here, the next one +1; replaces"
          + " lowest primary port + offset.")
  private Integer mirrorBase;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Greenplum 4.3/5 only: MIRROR_REPLICATION_PORT_BASE.")
  private Integer mirrorReplicationBase;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Greenplum 4.3/5 only: REPLICATION_PORT_BASE of the primaries.")
  private Integer replicationBase;

  public Integer getOffset() {
    return offset;
  }

  public void setOffset(Integer offset) {
    this.offset = offset;
  }

  public Integer getMirrorBase() {
    return mirrorBase;
  }

  public void setMirrorBase(Integer mirrorBase) {
    this.mirrorBase = mirrorBase;
  }

  public Integer getMirrorReplicationBase() {
    return mirrorReplicationBase;
  }

  public void setMirrorReplicationBase(Integer mirrorReplicationBase) {
    this.mirrorReplicationBase = mirrorReplicationBase;
  }

  public Integer getReplicationBase() {
    return replicationBase;
  }

  public void setReplicationBase(Integer replicationBase) {
    this.replicationBase = replicationBase;
  }
}
