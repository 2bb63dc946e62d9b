package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a ConfigMap in the MirrorSet's namespace. */
public class ConfigMapKeyRef {
  @Required
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.OBJECT_NAME)
  @JsonPropertyDescription("Name of the ConfigMap, in the MirrorSet's namespace.")
  private String name;

  @Required
  @JsonPropertyDescription("Key within the ConfigMap.")
  private String key;

  public ConfigMapKeyRef() {}

  public ConfigMapKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
