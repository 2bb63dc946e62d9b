package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.simulation.SimulatedCluster;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, every 20 ms until closed, which instances of each content run as a primary and as a
 * mirror (as they would answer a session: the simulation's world): records every moment two ran as
 * primary, and every moment two or more contents lacked redundancy (no primary, or no mirror).
 */
final class PrimarySampler implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<String> twoPrimaries = new CopyOnWriteArrayList<>();
  private final List<String> twoWithoutRedundancy = new CopyOnWriteArrayList<>();
  private final List<String> withoutPrimary = new CopyOnWriteArrayList<>();
  private final java.util.Set<Integer> everWithoutMirror =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile int samples;

  PrimarySampler(SimulatedCluster simulation) {
    this(simulation, 0);
  }

  /** As above, also watching the redundancy of contents 0 to {@code contents} - 1. */
  PrimarySampler(SimulatedCluster simulation, int contents) {
    timer.scheduleAtFixedRate(
        () -> {
          samples++;
          Map<Integer, List<Integer>> primaries = simulation.runningPrimaries();
          Map<Integer, List<Integer>> mirrors = simulation.runningMirrors();
          for (Map.Entry<Integer, List<Integer>> e : primaries.entrySet()) {
            if (e.getValue().size() > 1) {
              twoPrimaries.add("content " + e.getKey() + ": dbids " + e.getValue());
            }
          }
          TreeSet<String> without = new TreeSet<>();
          for (int c = 0; c < contents; c++) {
            if (!primaries.containsKey(c)) {
              without.add(c + " (no primary)");
              withoutPrimary.add("content " + c);
            } else if (!mirrors.containsKey(c)) {
              without.add(c + " (no mirror)");
              everWithoutMirror.add(c);
            }
          }
          if (without.size() > 1) {
            twoWithoutRedundancy.add(String.join(", ", without));
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

  /** Fails when any sample saw two contents without redundancy at once. */
  void assertNeverTwoContentsWithoutRedundancy() {
    assertThat(samples).as("samples taken").isGreaterThan(10);
    assertThat(twoWithoutRedundancy).as("moments with two contents without redundancy").isEmpty();
  }

  /** Fails when any sample saw a content without a primary. */
  void assertAlwaysAPrimary() {
    assertThat(samples).as("samples taken").isGreaterThan(10);
    assertThat(withoutPrimary).as("moments without a primary").isEmpty();
  }

  /** The contents some sample saw with a primary but no mirror. */
  java.util.Set<Integer> everWithoutMirror() {
    return new TreeSet<>(everWithoutMirror);
  }

  /** What the samples saw so far, for a failure message: "2 moments, first: 1 (no mirror), ...". */
  List<String> violations() {
    List<String> all = new java.util.ArrayList<>(twoPrimaries);
    twoWithoutRedundancy.forEach(w -> all.add("without redundancy: " + w));
    return all;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
