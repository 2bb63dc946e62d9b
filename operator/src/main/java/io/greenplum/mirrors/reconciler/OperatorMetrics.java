package io.greenplum.mirrors.reconciler;

import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.status.Conditions;
import io.greenplum.mirrors.status.MirrorState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The operator's own metrics, beside JOSDK's. Per MirrorSet: mirrors desired / ready /
 * synchronised, whether it is Degraded. Per mirror (labels namespace, mirrorset, content: bounded
 * by the cluster's contents): its state (one 0/1 gauge per state), bytes behind, replay lag, copy
 * progress, seconds since the pair was last in sync, whether it acts as primary. And the reconcile
 * duration, catalog errors by reason.
 */
final class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<String, KeyedGauge> gauges = new ConcurrentHashMap<>();

  /** UIDs of deleted MirrorSets (a MirrorSet made again under the same name has a new UID). */
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();

  private record KeyedGauge(AtomicLong value, Meter.Id id) {}

  OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records what a status reports (not for a MirrorSet already deleted). */
  synchronized void mirrors(MirrorSet ms, MirrorSetStatus status) {
    if (deleted.contains(ms.getMetadata().getUid())) {
      return;
    }
    String prefix = prefix(ms);
    Set<String> current = new HashSet<>();
    Tags set =
        Tags.of(
            "namespace", ms.getMetadata().getNamespace(), "mirrorset", ms.getMetadata().getName());
    current.add(
        set(
            prefix + "desired",
            "gpmirrors.mirrors",
            () -> set.and("state", "desired"),
            status.getDesired()));
    current.add(
        set(
            prefix + "ready",
            "gpmirrors.mirrors",
            () -> set.and("state", "ready"),
            status.getReady()));
    current.add(
        set(
            prefix + "synchronized",
            "gpmirrors.mirrors",
            () -> set.and("state", "synchronized"),
            status.getSynchronizedCount()));
    var degraded = Conditions.find(status.getConditions(), Conditions.DEGRADED);
    current.add(
        set(
            prefix + "degraded",
            "gpmirrors.mirrorset.degraded",
            () -> set,
            degraded != null && "True".equals(degraded.getStatus()) ? 1 : 0));
    if (status.getMirrors() != null) {
      for (MirrorStatus m : status.getMirrors()) {
        mirror(prefix, set, m, current);
      }
    }
    // Contents no longer in the status (a MirrorSet that now covers fewer) lose their gauges.
    drop(k -> k.startsWith(prefix) && !current.contains(k));
  }

  private void mirror(String prefix, Tags set, MirrorStatus m, Set<String> current) {
    String content = String.valueOf(m.getContent());
    Supplier<Tags> tags = () -> set.and("content", content);
    String key = prefix + "m" + content + "/";
    for (MirrorState state : MirrorState.values()) {
      current.add(
          set(
              key + state.name(),
              "gpmirrors.mirror.state",
              () -> tags.get().and("state", state.name()),
              state.name().equals(m.getState()) ? 1 : 0));
    }
    current.add(set(key + "behind", "gpmirrors.mirror.bytes.behind", tags, m.getBytesBehind()));
    current.add(set(key + "percent", "gpmirrors.mirror.copy.percent", tags, m.getPercent()));
    current.add(
        set(key + "lag", "gpmirrors.mirror.replay.lag.seconds", tags, m.getReplayLagSeconds()));
    current.add(
        set(
            key + "outOfSync",
            "gpmirrors.mirror.seconds.since.in.sync",
            tags,
            m.getNotInSyncSince() == null
                ? 0
                : Math.max(
                    0,
                    Duration.between(Instant.parse(m.getNotInSyncSince()), Instant.now())
                        .toSeconds())));
    current.add(
        set(
            key + "acting",
            "gpmirrors.mirror.acting.as.primary",
            tags,
            "p".equals(m.getRole()) ? 1 : 0));
  }

  /**
   * Sets the gauge {@code key}, registered on first use with the tags {@code tags} makes: a pass
   * over 1,000 mirrors makes no tags for gauges that exist.
   */
  private String set(String key, String name, Supplier<Tags> tags, Number value) {
    gauges
        .computeIfAbsent(
            key,
            k -> {
              // The value's bits: a gauge of seconds keeps its tenths.
              AtomicLong holder = new AtomicLong();
              Gauge gauge =
                  Gauge.builder(name, holder, h -> Double.longBitsToDouble(h.get()))
                      .tags(tags.get())
                      .register(registry);
              return new KeyedGauge(holder, gauge.getId());
            })
        .value()
        .set(Double.doubleToLongBits(value == null ? 0 : value.doubleValue()));
    return key;
  }

  private static String prefix(MirrorSet ms) {
    return ms.getMetadata().getNamespace() + "/" + ms.getMetadata().getName() + "/";
  }

  /**
   * Drops the gauges of a MirrorSet that was deleted, and keeps them from coming back through a
   * reconcile of it that was still running.
   */
  synchronized void forget(MirrorSet ms) {
    deleted.add(ms.getMetadata().getUid());
    String prefix = prefix(ms);
    drop(k -> k.startsWith(prefix));
  }

  private void drop(java.util.function.Predicate<String> which) {
    gauges
        .entrySet()
        .removeIf(
            e -> {
              if (which.test(e.getKey())) {
                registry.remove(e.getValue().id());
                return true;
              }
              return false;
            });
  }

  Timer.Sample startReconcile() {
    return Timer.start(registry);
  }

  void endReconcile(Timer.Sample sample, String phase) {
    sample.stop(
        registry.timer("gpmirrors.reconcile.duration", "phase", phase == null ? "" : phase));
  }

  void catalogError(String reason) {
    Counter.builder("gpmirrors.catalog.errors")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
