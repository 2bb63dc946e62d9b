package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** gpmirrors demo end to end on 2 hosts x 2 primaries, its frames appended and drawn in place. */
class DemoCommandIT {
  private static PlanCommandTest.Run demo(String draw) {
    return PlanCommandTest.gpmirrors(
        "demo", "--hosts", "2", "--primaries-per-host", "2", "--speed", "fast", "--draw", draw);
  }

  @Test
  void appendedFramesAreAtLeastTwoSecondsApartAndCarryNoTerminalCodes() {
    PlanCommandTest.Run run = demo("append");

    assertThat(run.code()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.out()).contains("all 4 mirrors Synchronized after").doesNotContain("\033[");
    List<Double> times =
        run.out()
            .lines()
            .filter(l -> l.startsWith("--- "))
            .map(l -> Double.parseDouble(l.replaceAll("[^0-9.]", "")))
            .toList();
    assertThat(times).hasSizeGreaterThan(1);
    for (int i = 1; i < times.size() - 1; i++) {
      assertThat(times.get(i) - times.get(i - 1))
          .as("frames %d and %d", i - 1, i)
          .isGreaterThan(1.9);
    }
  }

  @Test
  void inPlaceFramesDrawOverOneAnother() {
    PlanCommandTest.Run run = demo("in-place");

    assertThat(run.code()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.out()).contains("all 4 mirrors Synchronized after").contains("\033[J");
    assertThat(run.out()).containsPattern("\r\033\\[\\d+A");
  }

  @Test
  void anUnknownDrawingIsRefused() {
    PlanCommandTest.Run run = demo("sideways");

    assertThat(run.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(run.err()).contains("--draw must be auto, in-place or append, not sideways");
  }
}
