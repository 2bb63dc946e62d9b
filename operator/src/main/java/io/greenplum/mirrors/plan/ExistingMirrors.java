package io.greenplum.mirrors.plan;

import java.util.List;

/**
 * The mirrors the cluster already has, compared with the plan.
 *
 * @param differences one sentence per content whose mirror differs from the plan, or per missing
 *     mirror when the cluster is partially mirrored
 */
public record ExistingMirrors(State state, List<String> differences) {

  /** What the catalog holds before anything is added. */
  public enum State {
    /** No mirror at all: mirrors can be added. */
    NONE,
    /** Every content has a mirror, equal to the plan: adopt them, add nothing. */
    MATCHES_PLAN,
    /** Every content has a mirror, some placed differently: moving them is another operation. */
    DIFFERS_FROM_PLAN,
    /** Every content has a mirror, but there was no valid plan to compare them with. */
    COMPLETE,
    /** Some contents have a mirror and some do not: a state that crashed a real coordinator. */
    PARTIAL
  }

  public ExistingMirrors {
    differences = List.copyOf(differences);
  }

  public static ExistingMirrors none() {
    return new ExistingMirrors(State.NONE, List.of());
  }
}
