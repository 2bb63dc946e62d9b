package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The volume each mirror keeps its data directory on. */
public class StorageSpec {
  @Required
  @JsonPropertyDescription("Size of each mirror's volume, e.g. 100Gi: at least its primary's size.")
  private String size;

  @JsonPropertyDescription("StorageClass of the volumes; default: the cluster's default class.")
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
