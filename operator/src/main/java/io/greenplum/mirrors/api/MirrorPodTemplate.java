package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * What the mirror pods run, and where Kubernetes may run them besides their segment host. A change
 * to any field is rolled out one mirror at a time (README "Changing a MirrorSet").
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MirrorPodTemplate {
  @Required
  @JsonPropertyDescription(
      "Image with the same Greenplum release as the cluster (postgres, pg_basebackup). Changing it"
          + " rolls the mirrors one at a time.")
  @Size(min = 1, max = Formats.MAX_IMAGE)
  @Pattern(Formats.IMAGE)
  private String image;

  @JsonPropertyDescription("CPU and memory for each mirror pod. Rolled on change.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Tolerations of the mirror pods, e.g. for the taints of dedicated Greenplum nodes (never of"
          + " the control plane's, nor of every taint). Rolled on change.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Secrets to pull the image with (in the MirrorSet's namespace).")
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription(
      "PriorityClass of the mirror pods, so that they are not the first evicted. Rolled on change.")
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.OBJECT_NAME)
  private String priorityClassName;

  @JsonPropertyDescription(
      "Extra environment variables of the mirror's containers (not GPMIRRORS_*, PGPASSFILE or"
          + " PGPASSWORD, which the operator sets), with inline values or fieldRef and"
          + " resourceFieldRef: never from a Secret or ConfigMap. Rolled on change.")
  private List<EnvVar> env;

  @JsonPropertyDescription(
      "Extra labels of the mirror pods; keys under greenplum.io/ are the operator's and refused.")
  private Map<String, String> labels;

  @JsonPropertyDescription(
      "Extra annotations of the mirror pods; keys under greenplum.io/ are the operator's and"
          + " refused.")
  private Map<String, String> annotations;

  @JsonPropertyDescription(
      "Node labels a mirror pod's node must also have, on top of the segment host's node that"
          + " placement chooses. Rolled on change.")
  private Map<String, String> nodeSelector;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }
}
