package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * The volume each mirror keeps its data directory on. Its size may grow (every claim is patched);
 * shrinking it or changing its class is refused here, at admission (Kubernetes 1.29+ for the
 * quantity rule), and by the operator against the claims it made.
 */
@ValidationRule(
    value = "quantity(string(self.size)).compareTo(quantity(string(oldSelf.size))) >= 0",
    message = "storage.size cannot shrink: a mirror's volume is only ever grown",
    reason = "FieldValueForbidden")
@ValidationRule(
    value =
        "has(self.storageClassName) == has(oldSelf.storageClassName) &&"
            + " (!has(self.storageClassName) || self.storageClassName == oldSelf.storageClassName)",
    message = "storage.storageClassName cannot change after the MirrorSet is created",
    reason = "FieldValueForbidden")
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
