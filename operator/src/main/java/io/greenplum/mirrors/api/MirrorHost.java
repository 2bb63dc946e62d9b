package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A segment host that receives mirrors, and the Kubernetes node it is. */
public class MirrorHost {
  @Required
  @JsonPropertyDescription(
      "Segment host name as in gp_segment_configuration.hostname; may be a new host that runs no"
          + " primary.")
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.HOST)
  private String name;

  @JsonPropertyDescription("Kubernetes node of this host; default: the node named like the host.")
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.OBJECT_NAME)
  private String node;

  @JsonPropertyDescription("Address the mirrors on this host are registered with; default: name.")
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.HOST)
  private String address;

  public MirrorHost() {}

  public MirrorHost(String name, String node, String address) {
    this.name = name;
    this.node = node;
    this.address = address;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }
}
