package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.simulation.SimulatedCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, every 20 ms until closed, which instances of each content run as a primary (as they
 * would answer a session: the simulation's world) and records every moment two did.
 */
final class PrimarySampler implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<String> twoPrimaries = new CopyOnWriteArrayList<>();
  private volatile int samples;

  PrimarySampler(SimulatedCluster simulation) {
    timer.scheduleAtFixedRate(
        () -> {
          samples++;
          for (Map.Entry<Integer, List<Integer>> e : simulation.runningPrimaries().entrySet()) {
            if (e.getValue().size() > 1) {
              twoPrimaries.add("content " + e.getKey() + ": dbids " + e.getValue());
            }
          }
        },
        0,
        20,
        TimeUnit.MILLISECONDS);
  }

  /** Fails when any sample saw two primaries of one content. */
  void assertNeverTwoPrimaries() {
    assertThat(samples).as("samples taken").isGreaterThan(10);
    assertThat(twoPrimaries).as("moments with two primaries of one content").isEmpty();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
