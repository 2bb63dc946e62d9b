package io.greenplum.mirrors.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;

/** Condition types and the rule that keeps lastTransitionTime while a condition holds. */
public final class Conditions {
  public static final String SPEC_VALID = "SpecValid";
  public static final String READY = "Ready";
  public static final String SYNCHRONIZED = "Synchronized";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String UP_TO_DATE = "UpToDate";

  private Conditions() {}

  /** A condition; its transition time is the previous one's when the status did not change. */
  static Condition condition(
      String type,
      boolean status,
      String reason,
      String message,
      long generation,
      List<Condition> previous,
      Instant now) {
    String value = status ? "True" : "False";
    String since =
        previous.stream()
            .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .findFirst()
            .orElse(now.toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  /** The condition of a type in a list, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
