package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a Secret in the MirrorSet's namespace. */
public class SecretKeyRef {
  @Required
  @JsonPropertyDescription("Name of the Secret, in the MirrorSet's namespace.")
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.OBJECT_NAME)
  private String name;

  @Required
  @JsonPropertyDescription("Key within the Secret whose value is the password.")
  private String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
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
