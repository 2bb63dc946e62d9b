package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Fingerprint;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.plan.MirrorPlan;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The proof, before the one step that is hard to undo (registration), that every mirror can be
 * copied: one preflight pod per mirror host checks the image and a replication connection to each
 * primary the host will copy from. Registration waits until every host passed; a failed check is
 * run again after {@code preflightRetry}, or at once when the spec asks for something else.
 */
public final class Preflights {
  private Preflights() {}

  /**
   * What one mirror host is checked for.
   *
   * @param primaries the primaries whose mirrors the host will copy, by content
   * @param checks a fingerprint of image, user and primaries
   */
  public record Target(String host, List<Segment> primaries, String checks) {
    public Target {
      primaries = List.copyOf(primaries);
    }

    /** The preflight pod runs this target's checks on its host. */
    public boolean checkedBy(PreflightView pod) {
      return pod.host().equals(host) && pod.checks().equals(checks);
    }
  }

  /** The hosts of the plan's mirrors, sorted, each with the primaries it copies from. */
  public static List<Target> targets(MirrorPlan plan, String image, String user) {
    SortedMap<String, List<Segment>> byHost = new TreeMap<>();
    plan.mirrors().stream()
        .sorted(Comparator.comparingInt(PlannedMirror::content))
        .forEach(
            m -> byHost.computeIfAbsent(m.hostname(), h -> new ArrayList<>()).add(m.primary()));
    List<Target> targets = new ArrayList<>();
    byHost.forEach((host, primaries) -> targets.add(target(host, primaries, image, user)));
    return targets;
  }

  /** What {@code host} is checked for before it copies from {@code primaries}. */
  public static Target target(String host, List<Segment> primaries, String image, String user) {
    StringBuilder text = new StringBuilder(image).append('\n').append(user);
    primaries.forEach(
        p ->
            text.append('\n')
                .append(p.content())
                .append(' ')
                .append(p.address())
                .append(':')
                .append(p.port()));
    return new Target(host, primaries, Fingerprint.of(text.toString()));
  }

  /** What to do on a cluster without mirrors: check, wait, check again, or register. */
  public static List<Action> actions(Observation seen) {
    List<Target> targets = targets(seen);
    Map<String, PreflightView> current = current(seen, targets);
    List<Action> actions = new ArrayList<>();
    Set<String> keep =
        current.values().stream().map(PreflightView::name).collect(Collectors.toSet());
    Set<String> outdated = new java.util.TreeSet<>();
    for (PreflightView pod : seen.preflight()) {
      if (!keep.contains(pod.name())) {
        actions.add(new Action.DeletePreflight(pod.name()));
        outdated.add(pod.host());
      }
    }
    for (Target t : targets) {
      // A pod of the same host that checked something else goes first: the name is the host's.
      if (!current.containsKey(t.host()) && !outdated.contains(t.host())) {
        actions.add(new Action.CreatePreflight(t.host(), t.primaries(), t.checks()));
      }
    }
    if (current.size() < targets.size()
        || !current.values().stream().allMatch(PreflightView::finished)) {
      return actions;
    }
    if (problems(seen).isEmpty()) {
      actions.add(new Action.RegisterMirrors(seen.plan().plan()));
      current.values().forEach(p -> actions.add(new Action.DeletePreflight(p.name())));
    } else if (retryDue(seen, current.values())) {
      current.values().forEach(p -> actions.add(new Action.DeletePreflight(p.name())));
    }
    return actions;
  }

  /**
   * Every reason a host cannot build its mirrors, found by the finished preflight pods of the
   * current spec: each names the host, the primary and the fix.
   */
  public static List<String> problems(Observation seen) {
    List<Target> targets = targets(seen);
    Map<String, PreflightView> current = current(seen, targets);
    List<String> problems = new ArrayList<>();
    for (Target t : targets) {
      problems.addAll(problems(seen, t, current.get(t.host())));
    }
    return problems;
  }

  /** What the preflight pod of {@code t} (or null) found wrong, once it ended or got stuck. */
  static List<String> problems(Observation seen, Target t, PreflightView pod) {
    List<String> problems = new ArrayList<>();
    if (pod != null && !pod.finished() && stuck(seen, pod)) {
      problems.add(
          "the preflight pod "
              + pod.name()
              + " on "
              + t.host()
              + " has not ended after "
              + seen.settings().recovery().stallTimeout().toSeconds()
              + " s, recovery.stallTimeout ("
              + Objects.requireNonNullElse(pod.reason(), pod.phase())
              + "): can the node of "
              + t.host()
              + " run it, and pull the image "
              + seen.settings().image()
              + "?");
    }
    if (pod == null || !pod.finished()) {
      return problems;
    }
    if (pod.report() == null || pod.report().isBlank()) {
      problems.add(
          "the preflight pod "
              + pod.name()
              + " on "
              + t.host()
              + " ended without a report ("
              + Objects.requireNonNullElse(pod.reason(), pod.phase())
              + "): can the image "
              + seen.settings().image()
              + " be pulled there?");
      return problems;
    }
    PreflightReport report = PreflightReport.parse(pod.report());
    problems.addAll(
        report.problems(seen.version(), t.host(), seen.settings().image(), seen.settings().user()));
    for (Segment p : t.primaries()) {
      if (report.psql() && report.primaries().stream().noneMatch(r -> r.content() == p.content())) {
        problems.add("the preflight pod on " + t.host() + " did not report on " + p.describe());
      }
    }
    return problems;
  }

  private static List<Target> targets(Observation seen) {
    return targets(seen.plan().plan(), seen.settings().image(), seen.settings().user());
  }

  /** The preflight pods that check what the spec asks now, by host. */
  private static Map<String, PreflightView> current(Observation seen, List<Target> targets) {
    Map<String, String> checks = new TreeMap<>();
    targets.forEach(t -> checks.put(t.host(), t.checks()));
    Map<String, PreflightView> current = new TreeMap<>();
    for (PreflightView pod : seen.preflight()) {
      if (pod.checks().equals(checks.get(pod.host()))) {
        current.put(pod.host(), pod);
      }
    }
    return current;
  }

  /**
   * A preflight pod that has not ended recovery.stallTimeout after it was made will not: its node
   * does not run it (unschedulable, no capacity, an image it cannot pull). Its own deadline counts
   * only once it runs. The wait ends there: the move or the registration is reported waiting
   * (PreflightFailed), the pod kept so that a node that frees up still runs it.
   */
  private static boolean stuck(Observation seen, PreflightView pod) {
    Duration limit = seen.settings().recovery().stallTimeout();
    return pod.createdAt() != null && !seen.settings().now().isBefore(pod.createdAt().plus(limit));
  }

  static boolean retryDue(Observation seen, java.util.Collection<PreflightView> pods) {
    Instant last =
        pods.stream()
            .map(PreflightView::finishedAt)
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder())
            .orElse(Instant.MIN);
    return !seen.settings().now().isBefore(last.plus(seen.settings().preflightRetry()));
  }
}
