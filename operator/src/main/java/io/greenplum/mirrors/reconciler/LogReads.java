package io.greenplum.mirrors.reconciler;

import io.greenplum.mirrors.diff.PodView;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The container logs a pass reads, kept from one pass to the next: a log is read again only when
 * its pod's state changed since the last read (phase, init step, reason, termination message,
 * readiness: {@link PodView}), or when the last read is older than the refresh it was asked with
 * (copy progress, which changes while the pod's state does not). At 1,000 mirrors a pass then costs
 * no log read per failed or copying pod, only per pod that moved on.
 */
final class LogReads {
  /** A log read: the pod's state then, when (System.nanoTime), and the text (empty: unreadable). */
  record Read(PodView state, long at, Optional<String> text) {}

  /** By MirrorSet (namespace/name), by pod and container. */
  private final Map<String, Map<String, Read>> reads = new ConcurrentHashMap<>();

  /** The log must be read again: the pod's state changed, or the read is older than refresh. */
  static boolean due(Read last, PodView now, Duration refresh, long nanos) {
    return last == null || !last.state().equals(now) || nanos - last.at() >= refresh.toNanos();
  }

  /** One MirrorSet's reads in this pass: those of pods no longer asked for are dropped after. */
  Pass pass(String mirrorSet) {
    return new Pass(mirrorSet, reads.getOrDefault(mirrorSet, Map.of()));
  }

  /** The logs one pass asks for. */
  final class Pass {
    private final String mirrorSet;
    private final Map<String, Read> before;
    private final Map<String, Read> after = new HashMap<>();

    private Pass(String mirrorSet, Map<String, Read> before) {
      this.mirrorSet = mirrorSet;
      this.before = before;
    }

    /** The container's log: the one read before, unless it is due again. */
    Optional<String> tail(
        PodView pod, String container, Duration refresh, Supplier<Optional<String>> read) {
      String key = pod.name() + "/" + container;
      Read last = before.get(key);
      long now = System.nanoTime();
      if (due(last, pod, refresh, now)) {
        last = new Read(pod, now, read.get());
      }
      after.put(key, last);
      return last.text();
    }

    /** Keeps this pass's reads for the next one. */
    void end() {
      if (after.isEmpty()) {
        reads.remove(mirrorSet);
      } else {
        reads.put(mirrorSet, Map.copyOf(after));
      }
    }
  }
}
