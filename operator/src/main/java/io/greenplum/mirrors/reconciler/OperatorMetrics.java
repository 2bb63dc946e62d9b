package io.greenplum.mirrors.reconciler;

import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's own metrics, beside JOSDK's: mirrors desired / ready / synchronised per MirrorSet,
 * reconcile duration, catalog errors by reason.
 */
public final class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Records the counts a status reports. */
  void mirrors(MirrorSet ms, MirrorSetStatus status) {
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
        .computeIfAbsent(key, k -> registry.gauge("gpmirrors.mirrors", tags, new AtomicInteger()))
        .set(value == null ? 0 : value);
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
