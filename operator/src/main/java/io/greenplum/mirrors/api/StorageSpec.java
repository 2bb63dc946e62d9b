package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;

/** The volume each mirror keeps its data directory on. */
public class StorageSpec {
  @Required
  @JsonPropertyDescription("Size of each mirror's volume, e.g. 100Gi: at least its primary's size.")
  @SchemaFrom(type = IntOrString.class)
  @Pattern(Formats.QUANTITY)
  private String size;

  @JsonPropertyDescription("StorageClass of the volumes; default: the cluster's default class.")
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.OBJECT_NAME)
  private String storageClassName;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
