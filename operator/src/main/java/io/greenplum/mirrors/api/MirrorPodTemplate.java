package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** What the mirror pods run. */
public class MirrorPodTemplate {
  @Required
  @JsonPropertyDescription(
      "Image with the same Greenplum release as the cluster (postgres, pg_basebackup).")
  @Size(min = 1, max = Formats.MAX_IMAGE)
  @Pattern(Formats.IMAGE)
  private String image;

  @JsonPropertyDescription("CPU and memory for each mirror pod.")
  private ResourceRequirements resources;

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
}
