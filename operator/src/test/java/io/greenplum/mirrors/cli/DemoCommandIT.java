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

  /** The bad days: each ends with exit 0 once the state it shows is reached, then status -e. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "recovery, 2, Down|Recovering, content 1 recovered: every pair in sync",
    "failover, 2, ActingAsPrimary, Segments with Primary and Mirror Roles Switched",
    "rebalance, 2, ActingAsPrimary, content 0 is back in its preferred roles",
    "move, 3, Moving, every mirror moved to its Spread place"
  })
  void eachScenarioShowsItsBadDayAndEnds(String scenario, int hosts, String shown, String end) {
    PlanCommandTest.Run run =
        PlanCommandTest.gpmirrors(
            "demo",
            "--hosts",
            String.valueOf(hosts),
            "--primaries-per-host",
            "2",
            "--speed",
            "fast",
            "--draw",
            "append",
            "--scenario",
            scenario);

    assertThat(run.code()).as("stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
    assertThat(run.out())
        .contains("Synchronized after", ">>> ", end, "$ gpmirrors status -n greenplum -e")
        .as("the state the scenario shows, in a frame")
        .containsPattern(" (" + shown + ") ");
  }

  @Test
  void anUnknownScenarioIsRefused() {
    PlanCommandTest.Run run = PlanCommandTest.gpmirrors("demo", "--scenario", "meteor");

    assertThat(run.code()).isEqualTo(Main.INVALID_INPUT);
    assertThat(run.err()).contains("--scenario must be add, recovery, failover, rebalance or move");
  }
}
