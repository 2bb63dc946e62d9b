package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One mirror placed by hand: a line of a gpaddmirrors -i file. */
@ValidationRule(
    value = "has(self.host) || has(self.address)",
    message = "give the mirror's host or its address")
@ValidationRule(
    value = "self.dataDirectory.startsWith('/')",
    message = "dataDirectory must be an absolute path")
public class ExplicitMirror {
  @Required
  @Min(0)
  @JsonPropertyDescription("Content id of the primary this mirror copies.")
  private Integer content;

  @JsonPropertyDescription("Segment host of the mirror; default: the host whose address is given.")
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.HOST)
  private String host;

  @JsonPropertyDescription("Address the mirror is registered with; default: the host's address.")
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.HOST)
  private String address;

  @Required
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port the mirror listens on.")
  private Integer port;

  @Required
  @JsonPropertyDescription("Absolute data directory of the mirror, e.g. /data/mirror/gpseg0.")
  @Size(max = Formats.MAX_PATH_BYTES)
  @Pattern(Formats.PATH)
  private String dataDirectory;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Greenplum 4.3/5 only: the mirror's replication port.")
  private Integer replicationPort;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Greenplum 4.3/5 only: the primary's replication port for this pair.")
  private Integer primaryReplicationPort;

  public ExplicitMirror() {}

  public ExplicitMirror(int content, String host, int port, String dataDirectory) {
    this.content = content;
    this.host = host;
    this.port = port;
    this.dataDirectory = dataDirectory;
  }

  public Integer getContent() {
    return content;
  }

  public void setContent(Integer content) {
    this.content = content;
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

  public Integer getReplicationPort() {
    return replicationPort;
  }

  public void setReplicationPort(Integer replicationPort) {
    this.replicationPort = replicationPort;
  }

  public Integer getPrimaryReplicationPort() {
    return primaryReplicationPort;
  }

  public void setPrimaryReplicationPort(Integer primaryReplicationPort) {
    this.primaryReplicationPort = primaryReplicationPort;
  }
}
