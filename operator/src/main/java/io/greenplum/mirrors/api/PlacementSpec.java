package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Where the mirrors go. */
@ValidationRule(
    value =
        "(has(self.strategy) && self.strategy == 'Explicit') == (has(self.mirrors) &&"
            + " size(self.mirrors) > 0)",
    message = "placement.mirrors is required with strategy Explicit, and only read with it",
    reason = "FieldValueInvalid")
public class PlacementSpec {
  @Default("Group")
  @JsonPropertyDescription(
      "Group: all mirrors of a host's primaries go to the next host (gpaddmirrors default)."
          + " Spread: a host's primaries get their mirrors on different hosts (gpaddmirrors -s)."
          + " Explicit: every mirror is listed in mirrors (gpaddmirrors -i).")
  private PlacementStrategy strategy = PlacementStrategy.Group;

  @Default("false")
  @JsonPropertyDescription(
      "Allow a mirror on the same host as its primary. Only for single-host clusters: losing the"
          + " host loses both.")
  private Boolean allowSameHost = false;

  @JsonPropertyDescription(
      "Hosts that receive mirrors, sorted by name as gpaddmirrors sorts them; default: the"
          + " primaries' hosts.")
  @Size(max = Formats.MAX_HOSTS)
  private List<MirrorHost> hosts = new ArrayList<>();

  @JsonPropertyDescription("Explicit only: exactly one entry per primary content.")
  @Size(max = Formats.MAX_MIRRORS)
  private List<ExplicitMirror> mirrors = new ArrayList<>();

  public PlacementStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(PlacementStrategy strategy) {
    this.strategy = strategy;
  }

  public Boolean getAllowSameHost() {
    return allowSameHost;
  }

  public void setAllowSameHost(Boolean allowSameHost) {
    this.allowSameHost = allowSameHost;
  }

  public List<MirrorHost> getHosts() {
    return hosts;
  }

  public void setHosts(List<MirrorHost> hosts) {
    this.hosts = hosts;
  }

  public List<ExplicitMirror> getMirrors() {
    return mirrors;
  }

  public void setMirrors(List<ExplicitMirror> mirrors) {
    this.mirrors = mirrors;
  }
}
