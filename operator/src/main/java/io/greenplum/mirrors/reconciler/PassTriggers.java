package io.greenplum.mirrors.reconciler;

import io.greenplum.mirrors.api.MirrorSet;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.Objects;

/**
 * When a MirrorSet is looked at besides its own schedule. JOSDK's defaults would filter out every
 * change that keeps the generation (so a new greenplum.io/rebalance value waited for the next
 * scheduled pass) and give up after five failed passes, after which nothing looked at the MirrorSet
 * for ten hours; here a pass starts at once for a change of spec, annotations, finalizers or
 * deletion, never for a status write, and failed passes are retried for ever, at most one idle
 * interval apart.
 */
final class PassTriggers {
  private PassTriggers() {}

  /** Whether the change from {@code older} to {@code newer} asks for a pass now. */
  static boolean worthAPass(MirrorSet newer, MirrorSet older) {
    var n = newer.getMetadata();
    var o = older.getMetadata();
    return !Objects.equals(n.getGeneration(), o.getGeneration())
        || !Objects.equals(n.getAnnotations(), o.getAnnotations())
        || !Objects.equals(n.getFinalizers(), o.getFinalizers())
        || !Objects.equals(n.getDeletionTimestamp(), o.getDeletionTimestamp());
  }

  /**
   * Retries without end: the first after {@code busy}, each next one twice as late, never more than
   * {@code idle} apart (the interval at which a healthy MirrorSet is looked at anyway).
   */
  static GenericRetry retry(Duration busy, Duration idle) {
    return new GenericRetry()
        .setInitialInterval(busy.toMillis())
        .setIntervalMultiplier(2)
        .setMaxInterval(Math.max(busy.toMillis(), idle.toMillis()))
        .withoutMaxAttempts();
  }
}
