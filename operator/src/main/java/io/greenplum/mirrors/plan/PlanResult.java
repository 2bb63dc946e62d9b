package io.greenplum.mirrors.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The planner's answer: the plan (null when the spec cannot be planned), every problem found, and
 * how the cluster's existing mirrors compare with the plan.
 */
public record PlanResult(MirrorPlan plan, List<Problem> problems, ExistingMirrors existing) {

  public PlanResult {
    problems = List.copyOf(problems);
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  /** A plan exists and no error was found in the spec against this cluster. */
  public boolean isValid() {
    return plan != null && errors().isEmpty();
  }

  /**
   * The errors that stop adding mirrors the way gpaddmirrors adds them: the spec's own, plus any
   * existing mirror (gpaddmirrors refuses a cluster that has one).
   */
  public List<Problem> errorsForAddingMirrors() {
    List<Problem> all = new ArrayList<>(errors());
    switch (existing.state()) {
      case NONE -> {}
      case MATCHES_PLAN ->
          all.add(
              Problem.error(
                  "AlreadyMirrored",
                  "every content already has a mirror, equal to this plan: nothing to add"));
      case DIFFERS_FROM_PLAN, COMPLETE ->
          all.add(
              Problem.error(
                  "MirrorsDifferFromPlan",
                  "every content already has a mirror, placed otherwise than this plan ("
                      + String.join("; ", existing.differences())
                      + "); moving mirrors is a separate operation"));
      case PARTIAL ->
          all.add(
              Problem.error(
                  "PartialMirroring",
                  "only some contents have a mirror ("
                      + String.join("; ", existing.differences())
                      + "); a real Greenplum 7 coordinator crashed in this state: repair the"
                      + " catalog by hand before adding mirrors"));
      default -> throw new IllegalStateException(existing.state().name());
    }
    return all;
  }
}
