package io.greenplum.mirrors.simulation;

import java.time.Duration;

/**
 * How fast the simulated cluster moves, in ticks of a fixed length: the real cluster's timings
 * (fixtures/gp7-real/timing.md) scaled down. A base backup takes {@code copyTicks}, a started
 * mirror catches up for {@code catchupTicks}, FTS probes every {@code ftsProbeTicks} and marks a
 * stopped mirror down only after {@code graceTicks} (30 s grace + up to 60 s probe interval on the
 * real cluster).
 */
public record SimulationSpeed(
    Duration tick, int copyTicks, int catchupTicks, int ftsProbeTicks, int graceTicks) {

  /** For tests: a whole add in about two seconds. */
  public static SimulationSpeed fast() {
    return new SimulationSpeed(Duration.ofMillis(100), 6, 3, 10, 12);
  }

  /** For the demo: slow enough to watch the states go by. */
  public static SimulationSpeed normal() {
    return new SimulationSpeed(Duration.ofMillis(250), 24, 8, 20, 24);
  }

  public static SimulationSpeed slow() {
    return new SimulationSpeed(Duration.ofMillis(500), 40, 12, 30, 36);
  }

  public static SimulationSpeed named(String name) {
    return switch (name) {
      case "fast" -> fast();
      case "normal" -> normal();
      case "slow" -> slow();
      default ->
          throw new IllegalArgumentException(
              "--speed must be fast, normal or slow, not '" + name + "'");
    };
  }

  /** How long {@code ticks} ticks last, in seconds. */
  double seconds(long ticks) {
    return ticks * tick.toMillis() / 1000.0;
  }
}
