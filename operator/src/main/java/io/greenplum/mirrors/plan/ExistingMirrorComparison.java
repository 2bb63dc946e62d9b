package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Compares the mirrors a cluster already has with a plan, content by content. */
public final class ExistingMirrorComparison {
  private ExistingMirrorComparison() {}

  /** The cluster's mirrors against the plan; the plan may be null when the spec had errors. */
  public static ExistingMirrors compare(SegmentConfiguration cluster, MirrorPlan plan) {
    Map<Integer, Segment> mirrors = cluster.mirrorsByContent();
    if (mirrors.isEmpty()) {
      return ExistingMirrors.none();
    }
    List<Integer> unmirrored =
        cluster.primaries().stream()
            .map(Segment::content)
            .filter(c -> !mirrors.containsKey(c))
            .toList();
    if (!unmirrored.isEmpty()) {
      return new ExistingMirrors(
          ExistingMirrors.State.PARTIAL,
          List.of(
              "content(s) "
                  + mirrors.keySet()
                  + " have a mirror, content(s) "
                  + unmirrored
                  + " have none"));
    }
    if (plan == null) {
      return new ExistingMirrors(
          ExistingMirrors.State.COMPLETE,
          List.of("the spec has errors, so the existing mirrors were not compared with it"));
    }
    List<String> differences = new ArrayList<>();
    for (PlannedMirror planned : plan.sortedByContent()) {
      Segment actual = mirrors.get(planned.content());
      if (!same(actual, planned)) {
        differences.add(
            "content "
                + planned.content()
                + ": mirror is "
                + describe(actual.hostname(), actual.port(), actual.dataDirectory())
                + ", the plan says "
                + describe(planned.hostname(), planned.port(), planned.dataDirectory()));
      }
    }
    return differences.isEmpty()
        ? new ExistingMirrors(ExistingMirrors.State.MATCHES_PLAN, List.of())
        : new ExistingMirrors(ExistingMirrors.State.DIFFERS_FROM_PLAN, differences);
  }

  private static boolean same(Segment actual, PlannedMirror planned) {
    return actual.hostname().equals(planned.hostname())
        && actual.address().equals(planned.address())
        && actual.port() == planned.port()
        && (actual.dataDirectory() == null
            || Objects.equals(
                DataDirectories.normalize(actual.dataDirectory()), planned.dataDirectory()))
        && (planned.replicationPort() == null
            || actual.replicationPort() == null
            || actual.replicationPort().equals(planned.replicationPort()));
  }

  private static String describe(String host, int port, String dir) {
    return host + ":" + port + (dir == null ? "" : " " + dir);
  }
}
