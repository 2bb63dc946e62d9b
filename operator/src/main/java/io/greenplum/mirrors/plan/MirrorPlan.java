package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.model.VersionFamily;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where every mirror goes: one PlannedMirror per primary content, in gpaddmirrors' order. */
public record MirrorPlan(
    VersionFamily family, PlacementStrategy strategy, List<PlannedMirror> mirrors) {

  public MirrorPlan {
    mirrors = List.copyOf(mirrors);
  }

  /** The planned mirrors keyed by content. */
  public Map<Integer, PlannedMirror> byContent() {
    Map<Integer, PlannedMirror> byContent = new TreeMap<>();
    mirrors.forEach(m -> byContent.put(m.content(), m));
    return byContent;
  }

  /** The planned mirrors ordered by content, as gpstate lists them. */
  public List<PlannedMirror> sortedByContent() {
    return mirrors.stream().sorted(Comparator.comparingInt(PlannedMirror::content)).toList();
  }
}
