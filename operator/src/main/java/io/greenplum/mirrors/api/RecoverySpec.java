package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.greenplum.mirrors.model.Durations;

/** How failed mirrors are recovered. */
public class RecoverySpec {
  public static final String INCREMENTAL_TIMEOUT = "10m";
  public static final String STALL_TIMEOUT = "5m";

  @Default("true")
  @JsonPropertyDescription(
      "Recover a mirror of this MirrorSet that FTS marked down (as gprecoverseg -a would); false:"
          + " only report it, with the command a DBA would run.")
  private Boolean automatic = true;

  @Default("Incremental")
  @JsonPropertyDescription(
      "Incremental: the mirror's pod is restarted on its volume and streams from where it"
          + " stopped; it becomes Full by itself when the WAL it needs was removed or it has not"
          + " streamed within incrementalTimeout. Full: the data directory is copied again (same"
          + " dbid and catalog row, as gprecoverseg -F).")
  private RecoveryMode mode = RecoveryMode.Incremental;

  @Default(INCREMENTAL_TIMEOUT)
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "How long an incremental recovery may take to stream before a full one is made (e.g. 10m).")
  private String incrementalTimeout = INCREMENTAL_TIMEOUT;

  @Default(STALL_TIMEOUT)
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "A mirror that makes no progress (no copy progress, no streaming, no pod start) this long"
          + " is shown Stalled, with the reason taken from its pod (e.g. 5m).")
  private String stallTimeout = STALL_TIMEOUT;

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

  public String getIncrementalTimeout() {
    return incrementalTimeout;
  }

  public void setIncrementalTimeout(String incrementalTimeout) {
    this.incrementalTimeout = incrementalTimeout;
  }

  public String getStallTimeout() {
    return stallTimeout;
  }

  public void setStallTimeout(String stallTimeout) {
    this.stallTimeout = stallTimeout;
  }
}
