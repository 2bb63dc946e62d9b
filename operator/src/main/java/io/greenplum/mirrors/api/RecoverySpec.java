package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** How failed mirrors are recovered. */
public class RecoverySpec {
  @Default("true")
  @JsonPropertyDescription(
      "Recover a mirror FTS marked down without being asked (gprecoverseg -a).")
  private Boolean automatic = true;

  @Default("Incremental")
  @JsonPropertyDescription("Incremental (pg_rewind) or Full (a new base backup, gprecoverseg -F).")
  private RecoveryMode mode = RecoveryMode.Incremental;

  public Boolean getAutomatic() {
    return automatic;
  }

  public void setAutomatic(Boolean automatic) {
    this.automatic = automatic;
  }

  public RecoveryMode getMode() {
    return mode;
  }

  public void setMode(RecoveryMode mode) {
    this.mode = mode;
  }
}
