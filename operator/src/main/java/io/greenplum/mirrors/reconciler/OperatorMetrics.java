package io.greenplum.mirrors.reconciler;

import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's own metrics, beside JOSDK's: mirrors desired / ready / synchronised per MirrorSet,
 * reconcile duration, catalog errors by reason.
 */
final class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<String, MirrorGauge> gauges = new ConcurrentHashMap<>();

  /** UIDs of deleted MirrorSets (a MirrorSet made again under the same name has a new UID). */
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();

  private record MirrorGauge(AtomicInteger value, Meter.Id id) {}

  OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records the counts a status reports (not for a MirrorSet already deleted). */
  synchronized void mirrors(MirrorSet ms, MirrorSetStatus status) {
    if (deleted.contains(ms.getMetadata().getUid())) {
      return;
    }
    gauge(ms, "desired", status.getDesired());
    gauge(ms, "ready", status.getReady());
    gauge(ms, "synchronized", status.getSynchronizedCount());
  }

  private void gauge(MirrorSet ms, String state, Integer value) {
    Tags tags =
        Tags.of(
            "namespace", ms.getMetadata().getNamespace(),
            "mirrorset", ms.getMetadata().getName(),
            "state", state);
    String key = ms.getMetadata().getNamespace() + "/" + ms.getMetadata().getName() + "/" + state;
    gauges
        .computeIfAbsent(
            key,
            k -> {
              AtomicInteger holder = new AtomicInteger();
              Gauge gauge =
                  Gauge.builder("gpmirrors.mirrors", holder, AtomicInteger::get)
                      .tags(tags)
                      .register(registry);
              return new MirrorGauge(holder, gauge.getId());
            })
        .value()
        .set(value == null ? 0 : value);
  }

  /**
   * Drops the gauges of a MirrorSet that was deleted, and keeps them from coming back through a
   * reconcile of it that was still running.
   */
  synchronized void forget(MirrorSet ms) {
    deleted.add(ms.getMetadata().getUid());
    String prefix = ms.getMetadata().getNamespace() + "/" + ms.getMetadata().getName() + "/";
    gauges
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().startsWith(prefix)) {
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
