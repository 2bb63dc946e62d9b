package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.PlacementSpec;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.api.PortsSpec;
import io.greenplum.mirrors.model.SegmentConfiguration;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a cluster's mirrors the way gpaddmirrors would, and validates the result: a pure function
 * of the catalog and the MirrorSet spec, so the CLI, the operator and the tests share it. Every
 * problem is reported at once; the same input always gives the same plan.
 */
public final class MirrorPlanner {
  private MirrorPlanner() {}

  /**
   * Plans a mirror for every primary content of {@code cluster}. Existing mirrors are left out of
   * the planning (it is done as if the cluster had none) and then compared with the plan.
   */
  public static PlanResult plan(SegmentConfiguration cluster, MirrorSetSpec spec) {
    MirrorSetSpec effective = withDefaults(spec);
    PlacementSpec placement = effective.getPlacement();
    SegmentConfiguration unmirrored = cluster.withoutMirrors();
    MirrorHosts hosts = new MirrorHosts(unmirrored, placement.getHosts());
    List<Problem> problems = new ArrayList<>();
    SpecRules.check(effective, unmirrored, hosts, problems);
    MirrorPlan plan = null;
    if (problems.stream().noneMatch(Problem::isError)) {
      plan =
          placement.getStrategy() == PlacementStrategy.Explicit
              ? ExplicitPlacement.plan(unmirrored, placement.getMirrors(), hosts, problems)
              : GeneratedPlacement.plan(unmirrored, effective, hosts, problems);
    }
    if (plan != null) {
      PlanChecks.check(
          plan, unmirrored, Boolean.TRUE.equals(placement.getAllowSameHost()), problems);
    }
    ExistingMirrors existing = ExistingMirrorComparison.compare(cluster, plan);
    return new PlanResult(plan, problems, existing);
  }

  /** Fills what a manifest may leave out (null lists and blocks) with the API's defaults. */
  private static MirrorSetSpec withDefaults(MirrorSetSpec spec) {
    MirrorSetSpec copy = new MirrorSetSpec();
    PlacementSpec placement = new PlacementSpec();
    PlacementSpec given = spec.getPlacement();
    if (given != null) {
      if (given.getStrategy() != null) {
        placement.setStrategy(given.getStrategy());
      }
      placement.setAllowSameHost(given.getAllowSameHost());
      if (given.getHosts() != null) {
        placement.setHosts(given.getHosts());
      }
      if (given.getMirrors() != null) {
        placement.setMirrors(given.getMirrors());
      }
    }
    copy.setPlacement(placement);
    PortsSpec ports = spec.getPorts() == null ? new PortsSpec() : spec.getPorts();
    copy.setPorts(ports);
    copy.setDataDirectories(
        spec.getDataDirectories() == null ? List.of() : spec.getDataDirectories());
    copy.setMaxParallel(spec.getMaxParallel());
    copy.setCoordinator(spec.getCoordinator());
    copy.setTemplate(spec.getTemplate());
    copy.setStorage(spec.getStorage());
    copy.setRecovery(spec.getRecovery());
    return copy;
  }
}
